using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.State;
using RtcOnAws.Constructs.Validation;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// An active/standby pair of SBC instances, each with its own ENI, sharing a floating address: a secondary
/// private IP on the active's ENI with an Elastic IP associated to that private IP. The instance role may
/// only perform the EC2 actions failover needs, on this pair's own ENIs and Elastic IP. With a
/// <see cref="SbcPairProps.SessionStore"/> the media nodes form a hot-standby pair (<see cref="MediaNodeHighAvailability"/>).
/// </summary>
public sealed class SbcPair : SbcPairBase
{
    /// <summary>Tags the failover function writes on the pair's instances to record health and decisions.</summary>
    public static IReadOnlyList<string> DecisionTagKeys { get; } = ["rtconaws:health", "rtconaws:last-decision", "rtconaws:last-failover"];

    /// <summary>Id of the synth warning for a pair without <see cref="SbcPairProps.MediaNodeCode"/> (acknowledge it with <c>Annotations.Of(pair).AcknowledgeWarning</c>).</summary>
    public const string NoMediaNodeWarningId = "@rtconaws/constructs:sbcPairWithoutMediaNode";

    /// <summary>The default instance type, <c>c5n.large</c>.</summary>
    public static InstanceType DefaultInstanceType { get; } = new("c5n.large");

    /// <summary>The default heartbeat alarm period.</summary>
    internal static Duration DefaultHeartbeatPeriod => Duration.Seconds(10);

    /// <summary>The default number of heartbeat periods without a beat before a node's alarm fires.</summary>
    internal const double DefaultHeartbeatEvaluationPeriods = 3;

    /// <summary>References a pair created in another stack (or outside CDK) by its attributes.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="attributes">The pair's attributes, for example from the other stack's <see cref="SbcPair"/>.</param>
    /// <returns>The pair, usable wherever an <see cref="ISbcPair"/> is taken.</returns>
    /// <exception cref="RtcPropsValidationException">An attribute is missing or invalid; the message names every bad one.</exception>
    public static ISbcPair FromSbcPairAttributes(Construct scope, string id, SbcPairAttributes attributes)
    {
        var v = new PropsValidator(nameof(SbcPair), id);
        if (attributes is null)
        {
            v.Fail(nameof(attributes), "is missing", "SbcPairAttributes with the pair id, nodes, floating addresses, Elastic IP and security group");
            v.ThrowIfAny();
        }
        var a = attributes!;
        foreach (var (value, name) in new[] { (a.PairId, nameof(a.PairId)), (a.AvailabilityZone, nameof(a.AvailabilityZone)), (a.ElasticIpAddress, nameof(a.ElasticIpAddress)), (a.ElasticIpAllocationId, nameof(a.ElasticIpAllocationId)) })
        {
            if (string.IsNullOrEmpty(value)) v.Fail(name, "is missing", "the value of the pair created elsewhere");
        }
        if (a.SecurityGroup is null) v.Fail(nameof(a.SecurityGroup), "is missing", "the security group of the pair's nodes");
        if (a.Nodes is not { Count: 2 } nodes || nodes.Any(n => n is null || string.IsNullOrEmpty(n.InstanceId) || string.IsNullOrEmpty(n.NetworkInterfaceId)))
        {
            v.Fail(nameof(a.Nodes), $"has {a.Nodes?.Count ?? 0} node(s) or one without an instance or network interface id", "two nodes, the deployment's active first, each with InstanceId and NetworkInterfaceId");
        }
        var addresses = (a.Placement ?? SbcPairPlacement.SameAz) == SbcPairPlacement.SameAz ? 1 : 2;
        if (a.FloatingPrivateIps is not { } ips || ips.Count != addresses || ips.Any(string.IsNullOrEmpty))
        {
            v.Fail(nameof(a.FloatingPrivateIps), $"has {a.FloatingPrivateIps?.Count ?? 0} address(es) for a {a.Placement ?? SbcPairPlacement.SameAz} pair",
                "one floating address for a SameAz pair, each node's secondary address (active first) for an AcrossAzs pair");
        }
        if ((a.HighAvailability ?? false) && a.FailoverAlarms is { Count: > 0 })
        {
            v.Fail(nameof(a.FailoverAlarms), "are set on a high-availability pair, whose media nodes move the address themselves",
                "no failover alarms with HighAvailability (an alarm-driven move could hand the address to a standby that does not forward)");
        }
        ValidateHeartbeat(v, a.HeartbeatPeriod, a.HeartbeatEvaluationPeriods);
        v.ThrowIfAny();
        return new ImportedSbcPair(scope, id, a);
    }

    /// <summary>Creates the pair.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public SbcPair(Construct scope, string id, SbcPairProps props)
        : base(scope, Validate(id, props))
    {
        Placement = props.Placement ?? SbcPairPlacement.SameAz;
        var network = props.Network;
        var azs = network.Vpc.AvailabilityZones;
        var activeAz = (int)(props.AvailabilityZoneIndex ?? 0);
        var standbyAz = Placement == SbcPairPlacement.SameAz ? activeAz : (activeAz + 1) % azs.Length;
        AvailabilityZone = azs[activeAz];
        SecurityGroup = network.SbcSecurityGroup;
        PairId = Names.UniqueId(this);
        SessionStore = props.SessionStore;

        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            Description = "RtcOnAws SBC node: failover of its own pair's address and heartbeat metrics",
        });

        if (SessionStore is not null)
        {
            HeartbeatKeySecret = props.HeartbeatKeySecret ?? new Secret(this, "HeartbeatKey", new SecretProps
            {
                Description = $"RtcOnAws SBC pair {PairId}: HMAC key of the media nodes' peer heartbeats",
                // Alphanumeric only: the key travels through the AWS CLI's text output into a file, no quoting concerns.
                GenerateSecretString = new SecretStringGenerator { PasswordLength = 48, ExcludePunctuation = true, IncludeSpace = false },
            });
            GrantReadHeartbeatKey(HeartbeatKeySecret);
            SessionStoreAuthentication.GrantRead(SessionStore, Role);
            (network as RtcNetwork)?.AddHighAvailabilityEndpoints();
        }

        var instanceType = props.InstanceType ?? DefaultInstanceType;
        var image = props.MachineImage ?? MachineImage.FromSsmParameter(SbcNodePackages.DefaultImageParameter, new SsmParameterImageOptions { Os = OperatingSystemType.LINUX });
        Active = new SbcNode(this, "Active", Settings(activeAz, hasFloatingIp: true));
        // Across AZs the standby needs its own secondary address for the Elastic IP to move to.
        Standby = new SbcNode(this, "Standby", Settings(standbyAz, hasFloatingIp: Placement == SbcPairPlacement.AcrossAzs));

        if (HighAvailability)
        {
            // The boot reads the heartbeat key through the Secrets Manager endpoint (and a takeover needs the EC2 one):
            // start the nodes only once the endpoints this network creates exist.
            var endpoints = new IConstruct?[] { (network as RtcNetwork)?.SecretsManagerEndpoint, (network as RtcNetwork)?.Ec2Endpoint }.OfType<IConstruct>().ToArray();
            foreach (var node in Nodes)
            {
                node.Instance.Node.AddDependency(endpoints);
            }
        }

        ElasticIp = new CfnEIP(this, "ElasticIp", new CfnEIPProps
        {
            Domain = "vpc",
            Tags = [new CfnTag { Key = SbcTags.PairTagKey, Value = PairId }],
        });
        FloatingPrivateIp = Fn.Select(0, Active.NetworkInterface.AttrSecondaryPrivateIpAddresses);
        FloatingPrivateIps = Placement == SbcPairPlacement.SameAz
            ? [FloatingPrivateIp]
            : [FloatingPrivateIp, Fn.Select(0, Standby.NetworkInterface.AttrSecondaryPrivateIpAddresses)];
        ElasticIpAssociation = new CfnEIPAssociation(this, "ElasticIpAssociation", new CfnEIPAssociationProps
        {
            AllocationId = ElasticIp.AttrAllocationId,
            NetworkInterfaceId = Active.NetworkInterface.Ref,
            PrivateIpAddress = FloatingPrivateIp,
        });
        // An Elastic IP can only map to an address in a VPC with an attached internet gateway; without this
        // dependency CloudFormation may associate it first and fail with Gateway.NotAttached.
        ElasticIp.Node.AddDependency(network.InternetGatewayReady);
        ElasticIpAssociation.Node.AddDependency(network.InternetGatewayReady);

        foreach (var node in Nodes)
        {
            // The failover logic finds a pair's address from its members' tags.
            Tags.Of(node.Instance).Add(Placement == SbcPairPlacement.SameAz ? SbcTags.FloatingIpTagKey : SbcTags.FloatingEipTagKey,
                Placement == SbcPairPlacement.SameAz ? FloatingPrivateIp : ElasticIp.AttrAllocationId);
        }

        NodeEgressIps = props.NodeEgressAddresses == false ? [] : [.. Nodes.Select(n => AddEgressAddress(n, network))];

        foreach (var node in Nodes)
        {
            // Same AZ: both nodes relay on the one floating address. Across AZs: each on its own secondary address,
            // the one the Elastic IP is re-associated to.
            var mediaAddress = Placement == SbcPairPlacement.SameAz ? FloatingPrivateIp : FloatingPrivateIps[node == Active ? 0 : 1];
            AddNodeUserData(node, mediaAddress, props);
        }
        if (props.MediaNodeCode is { } mediaNodeCode)
        {
            mediaNodeCode.GrantRead(Role);
        }
        else
        {
            Annotations.Of(this).AddWarningV2(NoMediaNodeWarningId,
                "SbcPair has no MediaNodeCode: nothing installs the media relay or publishes the RtcOnAws/MediaNode heartbeat, " +
                "so both nodes' heartbeat alarms stay in ALARM and trigger failover decisions. Pass MediaNodeCode " +
                "(MediaNodeArtifact.FromAsset/FromBucket), or install a relay that publishes the heartbeat yourself.");
        }

        GrantFailover(Role);
        Role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "PublishHeartbeat",
            Actions = ["cloudwatch:PutMetricData"],
            // PutMetricData has no resource-level permissions; the namespace condition is the scope.
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["cloudwatch:namespace"] = MediaNodeHeartbeat.Namespace },
            },
        }));

        AcknowledgeScopedWildcards(Role);
        if (HeartbeatKeySecret is Secret createdKey)
        {
            NagSuppressions.Add(createdKey, "AwsSolutions-SMG4",
                "Both nodes read the heartbeat key once at boot; an automatic rotation would leave the running pair with different keys and break failure detection. Rotate by updating the secret and rerunning both nodes' user data.");
        }

        SbcNodeSettings Settings(int azIndex, bool hasFloatingIp)
        {
            var subnet = network.Vpc.SelectSubnets(new SubnetSelection
            {
                SubnetType = SubnetType.PUBLIC,
                AvailabilityZones = [azs[azIndex]],
            }).Subnets[0];
            return new SbcNodeSettings(
                network.Vpc, subnet, network.SbcSecurityGroup, network.PlacementGroups.ElementAtOrDefault(azIndex), instanceType, image, Role,
                UserData.ForLinux(),
                props.RootVolumeSizeGiB ?? 16, hasFloatingIp, PairId,
                props.HeartbeatPeriod ?? DefaultHeartbeatPeriod, props.HeartbeatEvaluationPeriods ?? DefaultHeartbeatEvaluationPeriods);
        }
    }

    /// <summary>Whether the nodes share one AZ or span two.</summary>
    public override SbcPairPlacement Placement { get; }

    /// <summary>Value of the <see cref="SbcTags.PairTagKey"/> tag on this pair's resources.</summary>
    public override string PairId { get; }

    /// <inheritdoc />
    public override string AvailabilityZone { get; }

    /// <summary>The network's SBC security group, which both nodes are in.</summary>
    public override ISecurityGroup SecurityGroup { get; }

    /// <summary>The node that owns the floating address at deployment.</summary>
    public SbcNode Active { get; }

    /// <summary>The hot standby.</summary>
    public SbcNode Standby { get; }

    /// <summary>The session store the media nodes keep their calls and lease in; null when each node relays alone.</summary>
    public ISessionStore? SessionStore { get; }

    /// <summary>Whether the media nodes run as a hot-standby pair (a <see cref="SessionStore"/> is set).</summary>
    public override bool HighAvailability => SessionStore is not null;

    /// <summary>The secret holding the shared heartbeat key (given or created); null without <see cref="SessionStore"/>.</summary>
    public ISecret? HeartbeatKeySecret { get; }

    /// <summary>Both nodes, active first.</summary>
    public override IReadOnlyList<SbcNode> Nodes => [Active, Standby];

    /// <summary>The instance role of both nodes.</summary>
    public Role Role { get; }

    /// <summary>The public Elastic IP of the pair.</summary>
    public CfnEIP ElasticIp { get; }

    /// <summary>
    /// The Elastic IPs of the nodes' own primary private addresses (active first), their way to the package mirrors; empty
    /// with <see cref="SbcPairProps.NodeEgressAddresses"/> false.
    /// </summary>
    public IReadOnlyList<CfnEIP> NodeEgressIps { get; }

    /// <summary>The association of <see cref="ElasticIp"/> with <see cref="FloatingPrivateIp"/>.</summary>
    public CfnEIPAssociation ElasticIpAssociation { get; }

    /// <summary>The floating secondary private IP (a deploy-time token): the first secondary address of the active's ENI.</summary>
    public string FloatingPrivateIp { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> FloatingPrivateIps { get; }

    /// <inheritdoc />
    public override string ElasticIpAddress => ElasticIp.Ref;

    /// <inheritdoc />
    public override string ElasticIpAllocationId => ElasticIp.AttrAllocationId;

    /// <summary>
    /// Every alarm whose state change should trigger a failover decision: the status checks and heartbeats of both nodes,
    /// or none for a <see cref="HighAvailability"/> pair. Its media nodes move the address themselves, and an alarm-driven
    /// move (say the active's heartbeat metric stops reaching CloudWatch while it relays fine) would hand the address to
    /// a standby that does not forward. The alarms still exist on both nodes for paging.
    /// </summary>
    public override IReadOnlyList<Alarm> FailoverAlarms => HighAvailability
        ? []
        : [Active.StatusCheckAlarm, Active.HeartbeatAlarm, Standby.StatusCheckAlarm, Standby.HeartbeatAlarm];

    /// <summary>
    /// Acknowledges the two wildcards of <paramref name="role"/>'s policy, each narrowed by its own means: <c>*</c> for
    /// calls without resource-level permissions (EC2 Describe, PutMetricData with its namespace condition, Session
    /// Manager), and <c>instance/*</c> for tagging, limited to this pair's instances and the decision tag keys by conditions.
    /// </summary>
    internal static void AcknowledgeScopedWildcards(IRole role)
    {
        if (role.Node.TryFindChild("DefaultPolicy") is not Policy policy)
        {
            return;
        }
        var stack = Stack.Of(role);
        string Literal(string value, string pseudo) => Token.IsUnresolved(value) ? $"<AWS::{pseudo}>" : value;
        NagSuppressions.Add(policy, "AwsSolutions-IAM5",
            "Resource '*' only for calls that support no resource-level permissions: ec2:Describe*, cloudwatch:PutMetricData (limited by the cloudwatch:namespace condition), logs/SSM agent calls; every mutating EC2 call is scoped to the pair's own ENIs and Elastic IP.",
            "Resource::*");
        NagSuppressions.Add(policy, "AwsSolutions-IAM5",
            "ec2:CreateTags on instance/* is limited by conditions to instances tagged with this pair's rtconaws:pair value and to the three decision tag keys; instance ids are not known before deployment.",
            $"Resource::arn:<AWS::Partition>:ec2:{Literal(stack.Region, "Region")}:{Literal(stack.Account, "AccountId")}:instance/*");
    }

    /// <summary>
    /// The nodes read the key at boot: <c>secretsmanager:GetSecretValue</c> on exactly this secret (CDK's
    /// <c>GrantRead</c> would add <c>DescribeSecret</c>, which nothing here calls), plus decrypt with its KMS key if it has one.
    /// </summary>
    private void GrantReadHeartbeatKey(ISecret secret)
    {
        Grant.AddToPrincipal(new GrantOnPrincipalOptions
        {
            Grantee = Role,
            Actions = ["secretsmanager:GetSecretValue"],
            // A secret imported by name has a partial ARN; Secrets Manager appends six random characters to it.
            ResourceArns = [secret.SecretFullArn ?? $"{secret.SecretArn}-??????"],
        });
        secret.EncryptionKey?.GrantDecrypt(Role);
    }

    /// <summary>An Elastic IP on the node's own primary address, associated before the instance boots and runs apt-get.</summary>
    private CfnEIP AddEgressAddress(SbcNode node, IRtcNetwork network)
    {
        var address = new CfnEIP(node, "EgressIp", new CfnEIPProps
        {
            Domain = "vpc",
            Tags = [new CfnTag { Key = SbcTags.PairTagKey, Value = PairId }],
        });
        var association = new CfnEIPAssociation(node, "EgressIpAssociation", new CfnEIPAssociationProps
        {
            AllocationId = address.AttrAllocationId,
            NetworkInterfaceId = node.NetworkInterface.Ref,
            PrivateIpAddress = node.NetworkInterface.AttrPrimaryPrivateIpAddress,
        });
        // An address associated before the gateway is attached fails with Gateway.NotAttached.
        address.Node.AddDependency(network.InternetGatewayReady);
        association.Node.AddDependency(network.InternetGatewayReady);
        node.Instance.Node.AddDependency(association);
        return address;
    }

    private void AddNodeUserData(SbcNode node, string mediaAddress, SbcPairProps props)
    {
        var userData = node.Instance.UserData;
        var region = Stack.Of(this).Region;
        var peer = node == Active ? Standby : Active;
        userData.AddCommands(["set -euo pipefail", .. SbcNodePackages.InstallCommands()]);
        userData.AddCommands([.. KamailioInstallation.InstallCommands(KamailioConfig.Render(KamailioSettings(props, node, peer, mediaAddress), Token.IsUnresolved), props.MediaNodeCode is not null)]);
        if (props.MediaNodeCode is { } code)
        {
            var network = props.Network;
            var launch = MediaNodeLaunch.Create(new MediaNodeLaunchSettings
            {
                MediaAddress = mediaAddress,
                AdvertisedAddress = ElasticIp.Ref,
                NgControlPort = (int)network.NgControlPort,
                PortMin = (int)network.RtpPortRange.From,
                PortMax = (int)network.RtpPortRange.To,
                HeartbeatNamespace = MediaNodeHeartbeat.Namespace,
                HighAvailability = SessionStore is null ? null : MediaNodeHighAvailability.Launch(SessionStore, PairId, props.HighAvailabilityTimers),
                ExtraArguments = props.MediaNodeExtraArguments ?? [],
            });
            userData.AddCommands([.. MediaNodeInstallation.InstallCommands(code, region, launch, HighAvailability)]);
            if (HeartbeatKeySecret is not null)
            {
                userData.AddCommands([.. MediaNodeHighAvailability.HeartbeatKeyCommands(HeartbeatKeySecret, region)]);
                userData.AddCommands([.. SessionStoreAuthentication.ConfigCommands(SessionStore!, region)]);
            }
        }
        if (props.ExtraUserDataCommands is { } extraCommands)
        {
            userData.AddCommands([.. extraCommands]);
        }
        if (props.MediaNodeCode is not null)
        {
            userData.AddCommands([.. MediaNodeInstallation.StartCommands()]);
        }
        userData.AddCommands([.. KamailioInstallation.StartCommands()]);
        userData.AddCommands([.. NodeObservability.Of(this, props.Network).InstallCommands(region, props.MediaNodeCode is not null)]);
    }

    /// <summary>
    /// The node's Kamailio: SIP on the node's media address (the floating one) advertising the Elastic IP, DMQ between the
    /// nodes' own primary addresses, dialog ids by the node's index, media-node's ng port on loopback.
    /// </summary>
    private KamailioSettings KamailioSettings(SbcPairProps props, SbcNode node, SbcNode peer, string floatingAddress) => new()
    {
        FloatingAddress = floatingAddress,
        AdvertisedAddress = ElasticIp.Ref,
        NodeAddress = node.NetworkInterface.AttrPrimaryPrivateIpAddress,
        PeerAddress = peer.NetworkInterface.AttrPrimaryPrivateIpAddress,
        NodeIndex = node == Active ? 0 : 1,
        Domain = props.SipDomain ?? ElasticIp.Ref,
        Routing = props.SipRouting ?? global::RtcOnAws.Sbc.Contracts.SipRouting.ByRequestUri,
        TrustedSourceCidrs = props.TrustedSipSourceCidrs ?? [],
        WebRtcGatewayCidrs = props.WebRtcGatewayCidrs ?? [],
        NgControlPort = (int)props.Network.NgControlPort,
        // The health checks' signal: Kamailio answers GET /health on SIP TCP by asking media-node's loopback /serving.
        MediaNodeHttpPort = SbcPorts.MediaNodeHttp,
    };

    private static string Validate(string id, SbcPairProps props)
    {
        var v = new PropsValidator(nameof(SbcPair), id);
        if (props.Network is null)
        {
            v.Fail(nameof(props.Network), "is missing", "an RtcNetwork");
        }
        if (props.InstanceType is { } type)
        {
            var name = type.ToString();
            v.Check(name, EnaInstanceFamilies.Contains(name), nameof(props.InstanceType),
                $"'{name}' is not an ENA (enhanced networking) x86_64 instance type",
                $"a type of the families {string.Join(", ", EnaInstanceFamilies.All)}, default c5n.large");
        }
        if (props.AvailabilityZoneIndex is double azIndex && props.Network is not null)
        {
            var azCount = props.Network.Vpc.AvailabilityZones.Length;
            v.Check(azIndex, azIndex >= 0 && azIndex < azCount && Math.Floor(azIndex) == azIndex, nameof(props.AvailabilityZoneIndex),
                $"{PropsValidator.Format(azIndex)} is not an AZ of the network", $"a whole number from 0 to {azCount - 1}");
        }
        v.CheckRange(props.RootVolumeSizeGiB, 8, 16384, nameof(props.RootVolumeSizeGiB));
        ValidateHeartbeat(v, props.HeartbeatPeriod, props.HeartbeatEvaluationPeriods);
        if (props.MediaNodeExtraArguments is { Count: > 0 } arguments)
        {
            if (props.MediaNodeCode is null)
            {
                v.Fail(nameof(props.MediaNodeExtraArguments), "is set without MediaNodeCode, so no media node would get them",
                    "arguments only together with MediaNodeCode");
            }
            foreach (var argument in arguments.Where(a => !MediaNodeInstallation.IsSafeArgument(a)))
            {
                v.Check(argument, false, nameof(props.MediaNodeExtraArguments),
                    $"'{argument.ReplaceLineEndings(" ")}' is empty or holds control characters (line breaks)",
                    "one non-empty argument per element, without control characters");
            }
        }
        ValidateSip(v, props);
        ValidateHighAvailability(v, props);
        v.ThrowIfAny();
        return id;
    }

    private static void ValidateHeartbeat(PropsValidator v, Duration? period, double? evaluationPeriods)
    {
        if (period is { } value && !value.IsUnresolved())
        {
            var seconds = PropsValidator.Seconds(value);
            v.Check(seconds, seconds is 10 or 20 or 30 || (seconds >= 60 && seconds % 60 == 0), nameof(SbcPairProps.HeartbeatPeriod),
                $"{PropsValidator.Format(seconds)} s is not a CloudWatch alarm period", "10, 20 or 30 seconds, or a multiple of 60 seconds");
        }
        v.CheckRange(evaluationPeriods, 1, 10, nameof(SbcPairProps.HeartbeatEvaluationPeriods));
    }

    /// <summary>
    /// The SIP props go into each node's kamailio.cfg: the renderer checks them with placeholder addresses, and each of its
    /// problems is reported against the prop it came from.
    /// </summary>
    private static void ValidateSip(PropsValidator v, SbcPairProps props)
    {
        var settings = new KamailioSettings
        {
            FloatingAddress = "10.0.0.10",
            NodeAddress = "10.0.0.11",
            PeerAddress = "10.0.0.12",
            NodeIndex = 0,
            Domain = props.SipDomain ?? "sbc.invalid",
            Routing = props.SipRouting ?? global::RtcOnAws.Sbc.Contracts.SipRouting.ByRequestUri,
            TrustedSourceCidrs = props.TrustedSipSourceCidrs ?? [],
            WebRtcGatewayCidrs = props.WebRtcGatewayCidrs ?? [],
        };
        foreach (var problem in KamailioConfig.Validate(settings, Token.IsUnresolved))
        {
            var (prop, allowed) = problem switch
            {
                _ when problem.StartsWith("Routing.", StringComparison.Ordinal) => (nameof(props.SipRouting), "upstreams with IPv4 or DNS-name hosts and ports 1-65535, probes every 1-3600 s, threshold 1-10"),
                _ when problem.StartsWith(nameof(settings.Domain), StringComparison.Ordinal) => (nameof(props.SipDomain), "a DNS name such as sip.example.com or an IPv4 address"),
                _ when problem.StartsWith(nameof(settings.WebRtcGatewayCidrs), StringComparison.Ordinal) => (nameof(props.WebRtcGatewayCidrs), "IPv4 CIDRs such as 10.0.3.0/24"),
                _ => (nameof(props.TrustedSipSourceCidrs), "IPv4 CIDRs such as 10.0.0.0/16"),
            };
            v.Fail(prop, problem, allowed);
        }
    }

    /// <summary>
    /// The same network: one object, or an import of it (the same VPC and session-store security group), so a store
    /// and a pair referencing the network through separate imports still match.
    /// </summary>
    private static bool SameNetwork(IRtcNetwork a, IRtcNetwork b) =>
        ReferenceEquals(a, b) ||
        (a.Vpc.VpcId == b.Vpc.VpcId && a.SessionStoreSecurityGroup.SecurityGroupId == b.SessionStoreSecurityGroup.SecurityGroupId);

    private static void ValidateHighAvailability(PropsValidator v, SbcPairProps props)
    {
        if (props.SessionStore is not { } store)
        {
            if (props.HeartbeatKeySecret is not null)
            {
                v.Fail(nameof(props.HeartbeatKeySecret), "is set without SessionStore, so no media node would use it",
                    "a heartbeat key secret only together with SessionStore");
            }
            if (props.HighAvailabilityTimers is not null)
            {
                v.Fail(nameof(props.HighAvailabilityTimers), "is set without SessionStore, so no media node would use them",
                    "timers only together with SessionStore");
            }
            return;
        }
        if (props.HighAvailabilityTimers is { } timers)
        {
            MediaNodeHighAvailability.ValidateTimers(v, timers, nameof(props.HighAvailabilityTimers));
        }
        const string prop = nameof(props.SessionStore);
        if (props.MediaNodeCode is null)
        {
            v.Fail(prop, "is set without MediaNodeCode, so no media node would use it", "a session store only together with MediaNodeCode");
        }
        if (props.Network is not null && store.Network is not null && !SameNetwork(store.Network, props.Network))
        {
            v.Fail(prop, "belongs to another RtcNetwork, whose session-store security group does not admit this pair's SBC group",
                "a SessionStore created with the pair's Network");
        }
        if (props.Placement == SbcPairPlacement.AcrossAzs)
        {
            v.Fail(prop, "is set on an AcrossAzs pair: its nodes relay on two different private addresses, and a standby only mirrors calls bound on the address it serves itself",
                "SessionStore with Placement SameAz (the default)");
        }
        if (!Token.IsUnresolved(store.KeyspaceEvents) && State.SessionStore.MissingStandbyKeyspaceEventsOf(store) is { Length: > 0 } missing)
        {
            v.Fail(prop, $"notifies keyspace events '{store.KeyspaceEvents}', which lack '{missing}': the standby would miss call changes",
                $"a store whose KeyspaceEvents include {State.SessionStore.StandbyKeyspaceEvents}, such as the default KA");
        }
        if (props.Network is { } network && !PropsValidator.IsToken(network.PeerHeartbeatPort) && network.PeerHeartbeatPort != SbcPorts.PeerHeartbeat)
        {
            v.Fail(prop, $"is set while the network's PeerHeartbeatPort is {PropsValidator.Format(network.PeerHeartbeatPort)}: the media nodes find each other's heartbeats on UDP {SbcPorts.PeerHeartbeat}",
                $"SessionStore on a network with PeerHeartbeatPort {SbcPorts.PeerHeartbeat} (the default)");
        }
        foreach (var argument in (props.MediaNodeExtraArguments ?? []).Where(a => !Token.IsUnresolved(a) && MediaNodeLaunch.IsHighAvailabilityFlag(a)))
        {
            v.Fail(nameof(props.MediaNodeExtraArguments), $"'{argument}' repeats a flag the construct sets itself with SessionStore",
                $"other media-node flags; SessionStore sets {string.Join(", ", MediaNodeLaunch.HighAvailabilityFlags)}");
        }
    }
}
