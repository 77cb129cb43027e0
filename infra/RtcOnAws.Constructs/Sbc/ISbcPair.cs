using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// What load balancers, failover automation, operations and the global entry need of an SBC pair: an
/// <see cref="SbcPair"/> of this stack, or one of another stack imported with <see cref="SbcPair.FromSbcPairAttributes"/>.
/// </summary>
public interface ISbcPair : IConstruct
{
    /// <summary>Value of the <see cref="RtcOnAws.Sbc.Contracts.SbcTags.PairTagKey"/> tag on the pair's resources.</summary>
    string PairId { get; }

    /// <summary>Whether the nodes share one AZ or span two.</summary>
    SbcPairPlacement Placement { get; }

    /// <summary>The availability zone of the node that owns the floating address at deployment.</summary>
    string AvailabilityZone { get; }

    /// <summary>Both nodes, the one owning the floating address at deployment first.</summary>
    IReadOnlyList<ISbcNode> Nodes { get; }

    /// <summary>The security group of both nodes.</summary>
    ISecurityGroup SecurityGroup { get; }

    /// <summary>
    /// The private addresses the pair's Elastic IP maps to, where SIP and media are served: the one floating address of
    /// a <see cref="SbcPairPlacement.SameAz"/> pair, or each node's own secondary address of an
    /// <see cref="SbcPairPlacement.AcrossAzs"/> pair (the deployment's owner first).
    /// </summary>
    IReadOnlyList<string> FloatingPrivateIps { get; }

    /// <summary>The public address of the pair's Elastic IP.</summary>
    string ElasticIpAddress { get; }

    /// <summary>The allocation id of the pair's Elastic IP.</summary>
    string ElasticIpAllocationId { get; }

    /// <summary>Whether the media nodes run as a hot-standby pair and move the address themselves.</summary>
    bool HighAvailability { get; }

    /// <summary>The alarms whose state changes should trigger a failover decision (none for a <see cref="HighAvailability"/> pair).</summary>
    IReadOnlyList<IAlarm> FailoverAlarms { get; }

    /// <summary>
    /// Grants what moving this pair's floating address takes, scoped to this pair: secondary-IP reassignment
    /// (<see cref="SbcPairPlacement.SameAz"/>) or Elastic IP re-association (<see cref="SbcPairPlacement.AcrossAzs"/>)
    /// on the pair's own ENIs and Elastic IP; writing the <see cref="SbcPair.DecisionTagKeys"/> on instances tagged with this
    /// pair; and the read-only Describe calls, which support no resource scoping.
    /// </summary>
    /// <param name="grantee">The principal, for example the failover Lambda function.</param>
    /// <returns>The grant.</returns>
    Grant GrantFailover(IGrantable grantee);
}
