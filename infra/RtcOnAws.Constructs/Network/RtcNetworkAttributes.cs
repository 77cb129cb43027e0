using Amazon.CDK.AWS.EC2;

namespace RtcOnAws.Constructs.Network;

/// <summary>What <see cref="RtcNetwork.FromNetworkAttributes"/> needs to reference a network created elsewhere.</summary>
public sealed class RtcNetworkAttributes
{
    /// <summary>The VPC (for example <c>Vpc.FromVpcAttributes</c> or the other stack's <see cref="RtcNetwork.Vpc"/>). Required.</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>The SBC security group (see <see cref="RtcNetwork.SbcSecurityGroup"/>). Required.</summary>
    public required ISecurityGroup SbcSecurityGroup { get; init; }

    /// <summary>The session-store security group (see <see cref="RtcNetwork.SessionStoreSecurityGroup"/>). Required.</summary>
    public required ISecurityGroup SessionStoreSecurityGroup { get; init; }

    /// <summary>One cluster placement group per availability zone of <see cref="Vpc"/>, in its order.</summary>
    /// <remarks>Default: none (nodes launch outside placement groups).</remarks>
    public IReadOnlyList<IPlacementGroup>? PlacementGroups { get; init; }

    /// <summary>Where SBC instances go.</summary>
    /// <remarks>Default: the public subnets.</remarks>
    public SubnetSelection? EdgeSubnets { get; init; }

    /// <summary>Where session state goes.</summary>
    /// <remarks>Default: the isolated subnets, or the private subnets with egress when the VPC has no isolated ones.</remarks>
    public SubnetSelection? StateSubnets { get; init; }

    /// <summary>The UDP media port range the SBC security group admits.</summary>
    /// <remarks>Default: <see cref="PortRange.DefaultRtp"/>.</remarks>
    public PortRange? RtpPortRange { get; init; }

    /// <summary>The ng control port.</summary>
    /// <remarks>Default: 2223.</remarks>
    public double? NgControlPort { get; init; }

    /// <summary>The media-node peer heartbeat port.</summary>
    /// <remarks>Default: 7000.</remarks>
    public double? PeerHeartbeatPort { get; init; }

    /// <summary>The Redis port.</summary>
    /// <remarks>Default: 6379.</remarks>
    public double? RedisPort { get; init; }
}
