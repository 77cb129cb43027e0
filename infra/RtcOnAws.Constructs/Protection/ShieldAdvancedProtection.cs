using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AwsShield;
using Constructs;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Protection;

/// <summary>
/// AWS Shield Advanced protection of the given resources (Elastic IPs, load balancers, accelerators). Shield Advanced
/// must already be subscribed for the account, which costs USD 3,000 per month per organization on a one-year
/// commitment plus data-transfer-out usage fees; that is why the app leaves it off by default.
/// </summary>
public sealed class ShieldAdvancedProtection : Construct
{
    /// <summary>Creates one Shield protection per resource.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public ShieldAdvancedProtection(Construct scope, string id, ShieldAdvancedProtectionProps props)
        : base(scope, Validate(id, props))
    {
        Protections = props.ResourceArns.Select((arn, index) => new CfnProtection(this, $"Protection{index + 1}", new CfnProtectionProps
        {
            Name = $"{Names.UniqueId(this)}-{index + 1}",
            ResourceArn = arn,
        })).ToArray();
    }

    /// <summary>One protection per resource ARN, in order.</summary>
    public IReadOnlyList<CfnProtection> Protections { get; }

    /// <summary>The ARN Shield uses for an Elastic IP: <c>arn:aws:ec2:region:account:eip-allocation/eipalloc-...</c>.</summary>
    /// <param name="elasticIp">The Elastic IP.</param>
    public static string ElasticIpArn(CfnEIP elasticIp) => Stack.Of(elasticIp).FormatArn(new ArnComponents
    {
        Service = "ec2",
        Resource = "eip-allocation",
        ResourceName = elasticIp.AttrAllocationId,
    });

    private static string Validate(string id, ShieldAdvancedProtectionProps props)
    {
        var v = new PropsValidator(nameof(ShieldAdvancedProtection), id);
        if (props.ResourceArns is null || props.ResourceArns.Count == 0)
        {
            v.Fail(nameof(props.ResourceArns), "is empty", "at least one resource ARN");
        }
        foreach (var arn in props.ResourceArns ?? [])
        {
            v.Check(arn, arn.StartsWith("arn:", StringComparison.Ordinal), nameof(props.ResourceArns), $"'{arn}' is not an ARN", "ARNs such as arn:aws:ec2:us-east-1:123456789012:eip-allocation/eipalloc-0123");
        }
        var literal = (props.ResourceArns ?? []).Where(a => !PropsValidator.IsToken(a)).ToList();
        if (literal.Distinct(StringComparer.Ordinal).Count() != literal.Count)
        {
            v.Fail(nameof(props.ResourceArns), "lists a resource twice", "each resource once (Shield allows one protection per resource)");
        }
        v.ThrowIfAny();
        return id;
    }
}
