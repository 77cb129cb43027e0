using System.Net;
using Amazon.CDK.AWS.EC2;
using Constructs;
using RtcOnAws.Constructs.Validation;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Network;

/// <summary>
/// The network of one region: a VPC over at least two availability zones (created or brought),
/// public subnets for the SBC edges, private subnets for session state, one cluster placement group
/// per AZ and the security groups of the SBCs and of the session store.
/// </summary>
public sealed class RtcNetwork : Construct, IRtcNetwork
{
    /// <summary>SIP over UDP and TCP.</summary>
    public const int SipPort = SbcPorts.Sip;

    /// <summary>SIP over TLS.</summary>
    public const int SipTlsPort = SbcPorts.SipTls;

    /// <summary>Creates the network.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props; <c>null</c> means all defaults.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public RtcNetwork(Construct scope, string id, RtcNetworkProps? props = null)
        : base(scope, Validate(id, props ??= new RtcNetworkProps()))
    {
        RtpPortRange = props.RtpPortRange ?? PortRange.DefaultRtp;
        NgControlPort = props.NgControlPort ?? SbcPorts.NgControl;
        PeerHeartbeatPort = props.PeerHeartbeatPort ?? SbcPorts.PeerHeartbeat;
        RedisPort = props.RedisPort ?? SbcPorts.Redis;

        Vpc = props.ExistingVpc ?? new Vpc(this, "Vpc", props.VpcProps ?? DefaultVpcProps(props.MaxAzs ?? 2));
        EdgeSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC };
        StateSubnets = DefaultStateSubnets(Vpc);

        // A cluster group per AZ keeps each active/standby pair on low-latency, high-throughput links.
        PlacementGroups = Vpc.AvailabilityZones
            .Select((_, index) => new PlacementGroup(this, $"PlacementGroupAz{index + 1}", new PlacementGroupProps { Strategy = PlacementGroupStrategy.CLUSTER }))
            .ToArray();

        SbcSecurityGroup = new SecurityGroup(this, "SbcSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "RtcOnAws SBC edge: SIP, SIP/TLS, RTP; DMQ and heartbeats only from SBCs",
            AllowAllOutbound = true,
        });
        var sipSources = props.SipSourceCidrs ?? ["0.0.0.0/0"];
        foreach (var cidr in sipSources)
        {
            var peer = CidrPeer(cidr);
            SbcSecurityGroup.AddIngressRule(peer, Port.Udp(SipPort), "SIP over UDP");
            SbcSecurityGroup.AddIngressRule(peer, Port.Tcp(SipPort), "SIP over TCP");
            SbcSecurityGroup.AddIngressRule(peer, Port.Tcp(SipTlsPort), "SIP over TLS");
        }
        foreach (var cidr in props.RtpSourceCidrs ?? sipSources)
        {
            SbcSecurityGroup.AddIngressRule(CidrPeer(cidr), Port.UdpRange(RtpPortRange.From, RtpPortRange.To), "RTP and RTCP media");
        }
        // ng control stays on each node's loopback (its own Kamailio only): no rule admits it.
        SbcSecurityGroup.AddIngressRule(SbcSecurityGroup, Port.Udp(SbcPorts.Dmq), "Kamailio DMQ dialog replication from SBCs only");
        SbcSecurityGroup.AddIngressRule(SbcSecurityGroup, Port.Udp(PeerHeartbeatPort), "media-node peer heartbeats from SBCs only");

        SessionStoreSecurityGroup = new SecurityGroup(this, "SessionStoreSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "RtcOnAws session store: Redis from SBCs only",
            AllowAllOutbound = false,
        });
        SessionStoreSecurityGroup.AddIngressRule(SbcSecurityGroup, Port.Tcp(RedisPort), "Redis from SBCs only");

        if (props.ExistingVpc is null && props.ServiceEndpoints != false)
        {
            AddServiceEndpoints((Vpc)Vpc);
        }
        if (props.ExistingVpc is null)
        {
            // Every accepted and rejected flow, for incident analysis (who probed the SBCs, what the SG dropped).
            FlowLogGroup = new Amazon.CDK.AWS.Logs.LogGroup(this, "FlowLogs", new Amazon.CDK.AWS.Logs.LogGroupProps
            {
                Retention = Amazon.CDK.AWS.Logs.RetentionDays.ONE_MONTH,
                RemovalPolicy = Amazon.CDK.RemovalPolicy.DESTROY,
            });
            ((Vpc)Vpc).AddFlowLog("FlowLog", new FlowLogOptions { Destination = FlowLogDestination.ToCloudWatchLogs(FlowLogGroup), TrafficType = FlowLogTrafficType.ALL });
        }
        if (sipSources.Concat(props.RtpSourceCidrs ?? []).Any(cidr => cidr is "0.0.0.0/0" or "::/0"))
        {
            NagSuppressions.Add(SbcSecurityGroup, "AwsSolutions-EC23",
                "SIP (5060/5061) and RTP are public services: any phone or carrier on the internet must reach them. Narrow SipSourceCidrs/RtpSourceCidrs to known carriers where possible; control ports (ng, peer heartbeat) admit only the SBC group itself.");
        }
    }

    /// <summary>References a network created in another stack (or outside CDK); it adds no VPC endpoints.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="attributes">The VPC, security groups and ports of the network.</param>
    /// <exception cref="RtcPropsValidationException">An attribute is invalid; the message names every bad attribute.</exception>
    public static IRtcNetwork FromNetworkAttributes(Construct scope, string id, RtcNetworkAttributes attributes)
    {
        var v = new PropsValidator(nameof(RtcNetwork), id);
        if (attributes is null)
        {
            v.Fail(nameof(attributes), "is missing", "RtcNetworkAttributes with the Vpc and both security groups");
            v.ThrowIfAny();
        }
        if (attributes!.Vpc is null) v.Fail(nameof(attributes.Vpc), "is missing", "the network's VPC");
        if (attributes.SbcSecurityGroup is null) v.Fail(nameof(attributes.SbcSecurityGroup), "is missing", "the network's SBC security group");
        if (attributes.SessionStoreSecurityGroup is null) v.Fail(nameof(attributes.SessionStoreSecurityGroup), "is missing", "the network's session-store security group");
        if (attributes.Vpc is { } vpc && attributes.PlacementGroups is { } groups && groups.Count != vpc.AvailabilityZones.Length)
        {
            v.Fail(nameof(attributes.PlacementGroups), $"has {groups.Count} group(s) for {vpc.AvailabilityZones.Length} availability zone(s)", "one placement group per availability zone of the VPC, in its order, or none");
        }
        v.CheckRange(attributes.NgControlPort, 1, 65535, nameof(attributes.NgControlPort));
        v.CheckRange(attributes.PeerHeartbeatPort, 1, 65535, nameof(attributes.PeerHeartbeatPort));
        v.CheckRange(attributes.RedisPort, 1, 65535, nameof(attributes.RedisPort));
        v.ThrowIfAny();
        return new ImportedRtcNetwork(scope, id, attributes);
    }

    internal static SubnetSelection DefaultStateSubnets(IVpc vpc) =>
        new() { SubnetType = vpc.IsolatedSubnets.Length > 0 ? SubnetType.PRIVATE_ISOLATED : SubnetType.PRIVATE_WITH_EGRESS };

    IReadOnlyList<IPlacementGroup> IRtcNetwork.PlacementGroups => PlacementGroups;

    ISecurityGroup IRtcNetwork.SbcSecurityGroup => SbcSecurityGroup;

    ISecurityGroup IRtcNetwork.SessionStoreSecurityGroup => SessionStoreSecurityGroup;

    /// <summary>The created VPC's flow log group (one month); null for a brought VPC.</summary>
    public Amazon.CDK.AWS.Logs.LogGroup? FlowLogGroup { get; }

    /// <summary>The S3 gateway endpoint of the created VPC (null without <see cref="RtcNetworkProps.ServiceEndpoints"/>).</summary>
    public GatewayVpcEndpoint? S3Endpoint { get; private set; }

    /// <summary>The CloudWatch metrics (<c>monitoring</c>) interface endpoint of the created VPC (null without <see cref="RtcNetworkProps.ServiceEndpoints"/>).</summary>
    public InterfaceVpcEndpoint? CloudWatchEndpoint { get; private set; }

    /// <summary>
    /// The EC2 API interface endpoint of the created VPC, added once a high-availability <see cref="Sbc.SbcPair"/> needs it
    /// (null until then, and without <see cref="RtcNetworkProps.ServiceEndpoints"/>).
    /// </summary>
    public InterfaceVpcEndpoint? Ec2Endpoint { get; private set; }

    /// <summary>
    /// The Secrets Manager interface endpoint of the created VPC, added once a high-availability <see cref="Sbc.SbcPair"/>
    /// needs it (null until then, and without <see cref="RtcNetworkProps.ServiceEndpoints"/>).
    /// </summary>
    public InterfaceVpcEndpoint? SecretsManagerEndpoint { get; private set; }

    private SecurityGroup? _serviceEndpointGroup;

    /// <summary>
    /// The VPC has no NAT gateway and an SBC node's public addresses (the pair's Elastic IP on the floating address, its
    /// own egress Elastic IP for the package mirrors) may be absent or move, so AWS APIs are reached through endpoints:
    /// the media node from S3, the CloudWatch heartbeat.
    /// </summary>
    private void AddServiceEndpoints(Vpc vpc)
    {
        S3Endpoint = vpc.AddGatewayEndpoint("S3Endpoint", new GatewayVpcEndpointOptions
        {
            Service = GatewayVpcEndpointAwsService.S3,
            Subnets = [EdgeSubnets],
        });
        _serviceEndpointGroup = new SecurityGroup(this, "ServiceEndpointSecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "RtcOnAws AWS service endpoints: HTTPS from SBCs only",
            AllowAllOutbound = false,
        });
        _serviceEndpointGroup.AddIngressRule(SbcSecurityGroup, Port.Tcp(443), "HTTPS to AWS APIs from SBCs only");
        CloudWatchEndpoint = AddInterfaceEndpoint(vpc, "CloudWatchEndpoint", InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING);
    }

    /// <summary>
    /// A high-availability media node reads its heartbeat key from Secrets Manager at boot and moves the floating address
    /// through the EC2 API, so it needs both endpoints in a VPC without NAT. Added once, however many pairs ask; a no-op
    /// when this network creates no endpoints (a brought VPC provides its own access).
    /// </summary>
    internal void AddHighAvailabilityEndpoints()
    {
        if (_serviceEndpointGroup is null || Ec2Endpoint is not null)
        {
            return;
        }
        var vpc = (Vpc)Vpc;
        Ec2Endpoint = AddInterfaceEndpoint(vpc, "Ec2Endpoint", InterfaceVpcEndpointAwsService.EC2);
        SecretsManagerEndpoint = AddInterfaceEndpoint(vpc, "SecretsManagerEndpoint", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
    }

    /// <summary>
    /// The CloudWatch Logs and Session Manager (<c>ssm</c>, <c>ssmmessages</c>, <c>ec2messages</c>) interface endpoints of
    /// the created VPC, added once an SBC pair ships its logs and offers shell access (null until then, and without
    /// <see cref="RtcNetworkProps.ServiceEndpoints"/>).
    /// </summary>
    public IReadOnlyList<InterfaceVpcEndpoint> OperationsEndpoints { get; private set; } = [];

    /// <summary>
    /// Nodes without NAT ship logs and metrics through CloudWatch Logs and open Session Manager shells through the SSM
    /// endpoints. Added once, however many pairs ask; a no-op when this network creates no endpoints.
    /// </summary>
    internal void AddOperationsEndpoints()
    {
        if (_serviceEndpointGroup is null || OperationsEndpoints.Count > 0)
        {
            return;
        }
        var vpc = (Vpc)Vpc;
        OperationsEndpoints =
        [
            AddInterfaceEndpoint(vpc, "LogsEndpoint", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS),
            AddInterfaceEndpoint(vpc, "SsmEndpoint", InterfaceVpcEndpointAwsService.SSM),
            AddInterfaceEndpoint(vpc, "SsmMessagesEndpoint", InterfaceVpcEndpointAwsService.SSM_MESSAGES),
            AddInterfaceEndpoint(vpc, "Ec2MessagesEndpoint", InterfaceVpcEndpointAwsService.EC2_MESSAGES),
        ];
    }

    private InterfaceVpcEndpoint AddInterfaceEndpoint(Vpc vpc, string id, InterfaceVpcEndpointAwsService service) =>
        vpc.AddInterfaceEndpoint(id, new InterfaceVpcEndpointOptions
        {
            Service = service,
            Subnets = EdgeSubnets,
            PrivateDnsEnabled = true,
            SecurityGroups = [_serviceEndpointGroup!],
            Open = false,
        });

    /// <summary>
    /// What an Elastic IP in the edge subnets must wait for: the VPC's internet connectivity and, for a created VPC, the
    /// gateway attachment itself (CloudFormation reports <c>Gateway.NotAttached</c> when an address maps first).
    /// </summary>
    public IDependable InternetGatewayReady
    {
        get
        {
            var ready = new DependencyGroup(Vpc.InternetConnectivityEstablished);
            if (Vpc.Node.TryFindChild("VPCGW") is CfnVPCGatewayAttachment attachment)
            {
                ready.Add(attachment);
            }
            return ready;
        }
    }

    /// <summary>The VPC: the one brought in <see cref="RtcNetworkProps.ExistingVpc"/>, or the one created.</summary>
    public IVpc Vpc { get; }

    /// <summary>Where SBC instances go: the public subnets.</summary>
    public SubnetSelection EdgeSubnets { get; }

    /// <summary>Where session state goes: the private isolated subnets, or private subnets with egress when the VPC has no isolated ones.</summary>
    public SubnetSelection StateSubnets { get; }

    /// <summary>One cluster placement group per availability zone, in the order of <c>Vpc.AvailabilityZones</c>.</summary>
    public IReadOnlyList<PlacementGroup> PlacementGroups { get; }

    /// <summary>Security group of the SBC instances.</summary>
    public SecurityGroup SbcSecurityGroup { get; }

    /// <summary>Security group of the session store; admits Redis from <see cref="SbcSecurityGroup"/> only.</summary>
    public SecurityGroup SessionStoreSecurityGroup { get; }

    /// <summary>The UDP media port range in use.</summary>
    public PortRange RtpPortRange { get; }

    /// <summary>The ng control port in use.</summary>
    public double NgControlPort { get; }

    /// <summary>The media-node peer heartbeat port in use.</summary>
    public double PeerHeartbeatPort { get; }

    /// <summary>The Redis port in use.</summary>
    public double RedisPort { get; }

    private static IVpcProps DefaultVpcProps(double maxAzs) => new VpcProps
    {
        IpAddresses = IpAddresses.Cidr("10.40.0.0/16"),
        MaxAzs = maxAzs,
        NatGateways = 0,
        SubnetConfiguration =
        [
            new SubnetConfiguration { Name = "Edge", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
            new SubnetConfiguration { Name = "State", SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 },
        ],
    };

    private static IPeer CidrPeer(string cidr) => cidr.Contains(':') ? Peer.Ipv6(cidr) : Peer.Ipv4(cidr);

    private static string Validate(string id, RtcNetworkProps props)
    {
        var v = new PropsValidator(nameof(RtcNetwork), id);
        if (props.ExistingVpc is not null && props.VpcProps is not null)
        {
            v.Fail(nameof(props.VpcProps), "set together with ExistingVpc", "either ExistingVpc (bring your own) or VpcProps (we create it), not both");
        }
        if (props.ExistingVpc is not null && props.ServiceEndpoints == true)
        {
            v.Fail(nameof(props.ServiceEndpoints), "set together with ExistingVpc", "ServiceEndpoints only when the construct creates the VPC; give a brought VPC's SBC subnets S3 and CloudWatch access yourself");
        }
        if (props.ExistingVpc is not null && props.MaxAzs is not null)
        {
            v.Fail(nameof(props.MaxAzs), "set together with ExistingVpc", "MaxAzs only when the construct creates the VPC");
        }
        if (props.VpcProps is not null && props.MaxAzs is not null)
        {
            v.Fail(nameof(props.MaxAzs), "set together with VpcProps", "put MaxAzs inside VpcProps instead");
        }
        if (props.MaxAzs is double maxAzs)
        {
            v.Check(maxAzs, maxAzs >= 2 && Math.Floor(maxAzs) == maxAzs, nameof(props.MaxAzs), $"{PropsValidator.Format(maxAzs)} availability zone(s) cannot survive the loss of an AZ", "a whole number of at least 2");
        }
        if (props.VpcProps is { } vpcProps)
        {
            ValidateVpcProps(v, vpcProps);
        }
        if (props.ExistingVpc is { } vpc)
        {
            ValidateExistingVpc(v, vpc);
        }
        ValidateCidrs(v, props.SipSourceCidrs, nameof(props.SipSourceCidrs));
        ValidateCidrs(v, props.RtpSourceCidrs, nameof(props.RtpSourceCidrs));
        if (props.RtpPortRange is { } range)
        {
            var problems = new List<string>();
            if (!IsPort(range.From, 1024) && !PropsValidator.IsToken(range.From)) problems.Add($"From {PropsValidator.Format(range.From)} is out of range");
            if (!IsPort(range.To, 1024) && !PropsValidator.IsToken(range.To)) problems.Add($"To {PropsValidator.Format(range.To)} is out of range");
            if (range.From > range.To && !PropsValidator.IsToken(range.From) && !PropsValidator.IsToken(range.To)) problems.Add($"the range {range} is inverted (From above To)");
            if (problems.Count > 0)
            {
                v.Fail(nameof(props.RtpPortRange), string.Join(", ", problems), "whole numbers with 1024 <= From <= To <= 65535");
            }
        }
        v.CheckRange(props.NgControlPort, 1, 65535, nameof(props.NgControlPort));
        v.CheckRange(props.PeerHeartbeatPort, 1, 65535, nameof(props.PeerHeartbeatPort));
        v.CheckRange(props.RedisPort, 1, 65535, nameof(props.RedisPort));
        v.ThrowIfAny();
        return id;
    }

    private static void ValidateVpcProps(PropsValidator v, IVpcProps vpcProps)
    {
        if (vpcProps.MaxAzs is double azs && !PropsValidator.IsToken(azs) && azs < 2)
        {
            v.Fail("VpcProps.MaxAzs", $"{PropsValidator.Format(azs)} availability zone(s) cannot survive the loss of an AZ", "at least 2");
        }
        if (vpcProps.SubnetConfiguration is { } subnets)
        {
            var hasPublic = subnets.Any(s => s.SubnetType == SubnetType.PUBLIC);
            var hasPrivate = subnets.Any(s => s.SubnetType == SubnetType.PRIVATE_ISOLATED || s.SubnetType == SubnetType.PRIVATE_WITH_EGRESS);
            if (!hasPublic || !hasPrivate)
            {
                v.Fail("VpcProps.SubnetConfiguration", "lacks a public or a private subnet group", "a PUBLIC group (SBC edges) and a PRIVATE_ISOLATED or PRIVATE_WITH_EGRESS group (session state)");
            }
        }
    }

    private static void ValidateExistingVpc(PropsValidator v, IVpc vpc)
    {
        var azs = vpc.AvailabilityZones;
        if (azs.Length < 2)
        {
            v.Fail(nameof(RtcNetworkProps.ExistingVpc), $"spans {azs.Length} availability zone(s)", "a VPC over at least 2 availability zones");
        }
        if (vpc.PublicSubnets.Length == 0 || vpc.IsolatedSubnets.Length + vpc.PrivateSubnets.Length == 0)
        {
            v.Fail(nameof(RtcNetworkProps.ExistingVpc), "lacks public or private subnets", "a VPC with public subnets (SBC edges) and private subnets (session state)");
        }
    }

    private static void ValidateCidrs(PropsValidator v, IReadOnlyList<string>? cidrs, string prop)
    {
        if (cidrs is null)
        {
            return;
        }
        if (cidrs.Count == 0)
        {
            v.Fail(prop, "is empty", "at least one CIDR such as 0.0.0.0/0 or 203.0.113.0/24");
        }
        foreach (var cidr in cidrs)
        {
            v.Check(cidr, cidr.Contains('/') && IPNetwork.TryParse(cidr, out _), prop, $"'{cidr}' is not a CIDR", "IPv4 or IPv6 CIDRs such as 203.0.113.0/24");
        }
    }

    private static bool IsPort(double port, double min) => port >= min && port <= 65535 && Math.Floor(port) == port;
}
