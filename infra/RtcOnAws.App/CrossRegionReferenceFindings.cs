using Amazon.CDK;
using RtcOnAws.Constructs.Operations;

namespace RtcOnAws.App;

/// <summary>
/// Acknowledges, at stack level in the template's <c>Metadata.cdk_nag</c>, the cdk-nag findings of the custom resources
/// CDK itself adds for cross-region references (an SSM-backed export writer and reader on a Node.js Lambda with the AWS
/// managed basic execution policy). They are created while the app synthesizes, after any construct of ours could
/// annotate them, and their code and runtime are CDK's.
/// </summary>
internal static class CrossRegionReferenceFindings
{
    public static void Acknowledge(Stack stack)
    {
        const string Cdk = "CDK's own cross-region reference provider (Custom::CrossRegionExportWriter/Reader), created by `crossRegionReferences: true`";
        string Literal(string value, string pseudo) => Token.IsUnresolved(value) ? $"<AWS::{pseudo}>" : value;
        var account = Literal(stack.Account, "AccountId");
        // Exports are written into the consuming stack's region: the global stack's, and us-east-1 for the Route 53 alarms.
        var parameters = new[] { RtcApp.GlobalRegion, Route53HealthAlarms.MetricsRegion }
            .Select(region => $"arn:<AWS::Partition>:ssm:{region}:{account}:parameter/cdk/exports").ToArray();
        stack.TemplateOptions.Metadata = new Dictionary<string, object>
        {
            ["cdk_nag"] = new Dictionary<string, object>
            {
                ["rules_to_suppress"] = new object[]
                {
                    Rule("AwsSolutions-IAM4", $"{Cdk} uses AWSLambdaBasicExecutionRole; the app's own functions use roles that write only their own log group.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                    Rule("AwsSolutions-IAM5", $"{Cdk} reads and writes the SSM parameters under /cdk/exports of this app's stacks only.",
                        [.. parameters.SelectMany(p => new[] { $"Resource::{p}/*", $"Resource::{p}/{stack.StackName}/*" })]),
                    Rule("AwsSolutions-L1", $"{Cdk} pins its own Node.js runtime; the app's own functions run on provided.al2023."),
                },
            },
        };
    }

    private static Dictionary<string, object> Rule(string id, string reason, params string[] appliesTo)
    {
        var rule = new Dictionary<string, object> { ["id"] = id, ["reason"] = reason };
        if (appliesTo.Length > 0)
        {
            rule["applies_to"] = appliesTo;
        }
        return rule;
    }
}
