using System.Runtime.CompilerServices;
using Amazon.CDK;
using Constructs;

namespace RtcOnAws.Constructs.Validation;

/// <summary>
/// Acknowledges a cdk-nag finding on one resource with CloudFormation metadata
/// <c>{"cdk_nag": {"rules_to_suppress": [{"id", "reason", "applies_to"}]}}</c>, the format cdk-nag reads from templates.
/// Every acknowledgement carries the reason a reviewer needs.
/// </summary>
internal static class NagSuppressions
{
    private const string Key = "cdk_nag";

    // The rules already written per resource (metadata is replaced as a whole), per app.
    private static readonly ConditionalWeakTable<IConstruct, Dictionary<string, List<object>>> Written = new();

    /// <summary>Adds one acknowledgement to the CloudFormation resource of <paramref name="construct"/> (itself or its default child).</summary>
    public static void Add(IConstruct construct, string id, string reason, params string[] appliesTo)
    {
        var resource = construct as CfnResource ?? (CfnResource)construct.Node.DefaultChild!;
        var byPath = Written.GetOrCreateValue(resource.Node.Root);
        if (!byPath.TryGetValue(resource.Node.Path, out var rules))
        {
            rules = byPath[resource.Node.Path] = [];
        }
        var rule = new Dictionary<string, object> { ["id"] = id, ["reason"] = reason };
        if (appliesTo.Length > 0)
        {
            rule["applies_to"] = appliesTo;
        }
        rules.Add(rule);
        resource.AddMetadata(Key, new Dictionary<string, object> { ["rules_to_suppress"] = rules.ToArray() });
    }
}
