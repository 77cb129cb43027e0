using Amazon.CDK.AWS.EC2;
using Constructs;

namespace RtcOnAws.Constructs.Network;

/// <summary>
/// What consumers need of a region's network: an <see cref="RtcNetwork"/> of this stack, or one of another stack
/// imported with <see cref="RtcNetwork.FromNetworkAttributes"/>.
/// </summary>
public interface IRtcNetwork : IConstruct
{
    /// <summary>The VPC.</summary>
    IVpc Vpc { get; }

    /// <summary>Where SBC instances go.</summary>
    SubnetSelection EdgeSubnets { get; }

    /// <summary>Where session state goes.</summary>
    SubnetSelection StateSubnets { get; }

    /// <summary>One cluster placement group per availability zone in the order of <c>Vpc.AvailabilityZones</c>, or none.</summary>
    IReadOnlyList<IPlacementGroup> PlacementGroups { get; }

    /// <summary>Security group of the SBC instances.</summary>
    ISecurityGroup SbcSecurityGroup { get; }

    /// <summary>Security group of the session store; admits Redis from <see cref="SbcSecurityGroup"/>.</summary>
    ISecurityGroup SessionStoreSecurityGroup { get; }

    /// <summary>The UDP media port range the SBC security group admits.</summary>
    PortRange RtpPortRange { get; }

    /// <summary>The ng control port.</summary>
    double NgControlPort { get; }

    /// <summary>The media-node peer heartbeat port.</summary>
    double PeerHeartbeatPort { get; }

    /// <summary>The Redis port.</summary>
    double RedisPort { get; }

    /// <summary>What an Elastic IP in the edge subnets must wait for.</summary>
    IDependable InternetGatewayReady { get; }
}
