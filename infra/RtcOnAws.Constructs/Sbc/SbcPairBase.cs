using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Constructs;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// What an <see cref="SbcPair"/> and an imported pair share: the pair's attributes and the failover grant built from them.
/// </summary>
public abstract class SbcPairBase : Construct, ISbcPair
{
    /// <summary>Creates the construct.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    protected SbcPairBase(Construct scope, string id)
        : base(scope, id)
    {
    }

    /// <inheritdoc />
    public abstract string PairId { get; }

    /// <inheritdoc />
    public abstract SbcPairPlacement Placement { get; }

    /// <inheritdoc />
    public abstract string AvailabilityZone { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<ISbcNode> Nodes { get; }

    /// <inheritdoc />
    public abstract ISecurityGroup SecurityGroup { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<string> FloatingPrivateIps { get; }

    /// <inheritdoc />
    public abstract string ElasticIpAddress { get; }

    /// <inheritdoc />
    public abstract string ElasticIpAllocationId { get; }

    /// <inheritdoc />
    public abstract bool HighAvailability { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<IAlarm> FailoverAlarms { get; }

    /// <inheritdoc />
    public Grant GrantFailover(IGrantable grantee)
    {
        var stack = Stack.Of(this);
        string Arn(string resource, string name) => stack.FormatArn(new ArnComponents { Service = "ec2", Resource = resource, ResourceName = name });
        var enis = Nodes.Select(node => Arn("network-interface", node.NetworkInterfaceId)).ToArray();

        var move = Placement == SbcPairPlacement.SameAz
            ? Grant.AddToPrincipal(new GrantOnPrincipalOptions
            {
                Grantee = grantee,
                Actions = ["ec2:AssignPrivateIpAddresses"],
                ResourceArns = enis,
            })
            : Grant.AddToPrincipal(new GrantOnPrincipalOptions
            {
                Grantee = grantee,
                Actions = ["ec2:AssociateAddress"],
                ResourceArns = [Arn("elastic-ip", ElasticIpAllocationId), .. enis],
            });
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ec2:CreateTags"],
            Resources = [Arn("instance", "*")],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { [$"aws:ResourceTag/{SbcTags.PairTagKey}"] = PairId },
                ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["aws:TagKeys"] = SbcPair.DecisionTagKeys.ToArray() },
            },
        }));
        return move.Combine(Grant.AddToPrincipal(new GrantOnPrincipalOptions
        {
            Grantee = grantee,
            Actions = ["ec2:DescribeAddresses", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus", "ec2:DescribeNetworkInterfaces"],
            ResourceArns = ["*"],
        }));
    }
}
