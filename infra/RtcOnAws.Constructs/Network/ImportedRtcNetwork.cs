using Amazon.CDK.AWS.EC2;
using Constructs;

namespace RtcOnAws.Constructs.Network;

/// <summary>
/// A network created in another stack: read-only, it adds no VPC endpoints (its owner provides the SBCs' AWS access).
/// </summary>
internal sealed class ImportedRtcNetwork : Construct, IRtcNetwork
{
    public ImportedRtcNetwork(Construct scope, string id, RtcNetworkAttributes attributes)
        : base(scope, id)
    {
        Vpc = attributes.Vpc;
        SbcSecurityGroup = attributes.SbcSecurityGroup;
        SessionStoreSecurityGroup = attributes.SessionStoreSecurityGroup;
        PlacementGroups = attributes.PlacementGroups ?? [];
        EdgeSubnets = attributes.EdgeSubnets ?? new SubnetSelection { SubnetType = SubnetType.PUBLIC };
        StateSubnets = attributes.StateSubnets ?? RtcNetwork.DefaultStateSubnets(Vpc);
        RtpPortRange = attributes.RtpPortRange ?? PortRange.DefaultRtp;
        NgControlPort = attributes.NgControlPort ?? RtcOnAws.Sbc.Contracts.SbcPorts.NgControl;
        PeerHeartbeatPort = attributes.PeerHeartbeatPort ?? RtcOnAws.Sbc.Contracts.SbcPorts.PeerHeartbeat;
        RedisPort = attributes.RedisPort ?? RtcOnAws.Sbc.Contracts.SbcPorts.Redis;
    }

    public IVpc Vpc { get; }
    public SubnetSelection EdgeSubnets { get; }
    public SubnetSelection StateSubnets { get; }
    public IReadOnlyList<IPlacementGroup> PlacementGroups { get; }
    public ISecurityGroup SbcSecurityGroup { get; }
    public ISecurityGroup SessionStoreSecurityGroup { get; }
    public PortRange RtpPortRange { get; }
    public double NgControlPort { get; }
    public double PeerHeartbeatPort { get; }
    public double RedisPort { get; }
    public IDependable InternetGatewayReady => Vpc.InternetConnectivityEstablished;
}
