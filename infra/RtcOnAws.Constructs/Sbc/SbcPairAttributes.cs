using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>What <see cref="SbcPair.FromSbcPairAttributes"/> needs to reference a pair created elsewhere.</summary>
public sealed class SbcPairAttributes
{
    /// <summary>The pair's tag value (see <see cref="SbcPair.PairId"/>). Required.</summary>
    public required string PairId { get; init; }

    /// <summary>Whether the nodes share one AZ or span two.</summary>
    /// <remarks>Default: <see cref="SbcPairPlacement.SameAz"/>.</remarks>
    public SbcPairPlacement? Placement { get; init; }

    /// <summary>The availability zone of the node owning the floating address at deployment. Required.</summary>
    public required string AvailabilityZone { get; init; }

    /// <summary>Both nodes, the one owning the floating address at deployment first (see <see cref="SbcPair.Nodes"/>). Required.</summary>
    public required IReadOnlyList<SbcNodeAttributes> Nodes { get; init; }

    /// <summary>The security group of both nodes (the network's SBC group). Required.</summary>
    public required ISecurityGroup SecurityGroup { get; init; }

    /// <summary>
    /// The private addresses the Elastic IP maps to (see <see cref="ISbcPair.FloatingPrivateIps"/>): one for a
    /// <see cref="SbcPairPlacement.SameAz"/> pair, two for an <see cref="SbcPairPlacement.AcrossAzs"/> pair. Required.
    /// </summary>
    public required IReadOnlyList<string> FloatingPrivateIps { get; init; }

    /// <summary>The public address of the pair's Elastic IP. Required.</summary>
    public required string ElasticIpAddress { get; init; }

    /// <summary>The allocation id of the pair's Elastic IP. Required.</summary>
    public required string ElasticIpAllocationId { get; init; }

    /// <summary>Whether the media nodes run as a hot-standby pair (the pair was created with a session store).</summary>
    /// <remarks>Default: false.</remarks>
    public bool? HighAvailability { get; init; }

    /// <summary>The alarms that should trigger failover decisions (see <see cref="SbcPair.FailoverAlarms"/>); none for a high-availability pair.</summary>
    /// <remarks>Default: none (the failover function then acts on the nodes' EC2 state changes only).</remarks>
    public IReadOnlyList<IAlarm>? FailoverAlarms { get; init; }

    /// <summary>The nodes' heartbeat period (see <see cref="SbcPairProps.HeartbeatPeriod"/>).</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public Duration? HeartbeatPeriod { get; init; }

    /// <summary>Heartbeat periods without a beat before a node's heartbeat alarm fires, 1-10.</summary>
    /// <remarks>Default: 3.</remarks>
    public double? HeartbeatEvaluationPeriods { get; init; }
}
