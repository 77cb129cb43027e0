using Amazon.CDK;
using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.Validation;
using RtcOnAws.Sbc.Contracts;
using GatewayConfig = RtcOnAws.Sbc.Contracts.GatewayConfig;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace RtcOnAws.Constructs.Edge;

/// <summary>
/// WebRTC signalling edge (whitepaper fig. 5 and 8): an Application Load Balancer (HTTPS, WebSocket) with
/// load-balancer-cookie stickiness in front of an Auto Scaling group of gateway instances across AZs, target-tracking
/// on CPU. Each instance runs Kamailio with the config of <see cref="GatewayConfig"/>: SIP over WebSocket from browsers,
/// registrations in memory, calls forwarded to the SBC pairs, whose media-nodes bridge WebRTC media to plain RTP. The
/// load balancer's health check requests a path Kamailio itself answers. Browsers reach the gateways only through the
/// load balancer's name, so the instances get no DNS records of their own (and no lifecycle hooks).
/// </summary>
public sealed class WebRtcGateway : Construct
{
    /// <summary>Creates the load balancer, group, scaling policy and lifecycle hooks.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public WebRtcGateway(Construct scope, string id, WebRtcGatewayProps props)
        : base(scope, Validate(id, props))
    {
        var network = props.Network;
        var gatewayPort = props.GatewayPort ?? GatewayPorts.Http;
        var healthPath = props.HealthCheckPath ?? GatewayPorts.HealthPath;

        LoadBalancerSecurityGroup = new SecurityGroup(this, "LoadBalancerSecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "RtcOnAws WebRTC signalling: HTTPS from clients",
            AllowAllOutbound = false,
        });
        foreach (var cidr in props.ClientCidrs ?? ["0.0.0.0/0"])
        {
            LoadBalancerSecurityGroup.AddIngressRule(cidr.Contains(':') ? Peer.Ipv6(cidr) : Peer.Ipv4(cidr), Port.Tcp(443), "HTTPS and WebSocket signalling");
        }
        if ((props.ClientCidrs ?? ["0.0.0.0/0"]).Any(cidr => cidr is "0.0.0.0/0" or "::/0"))
        {
            NagSuppressions.Add(LoadBalancerSecurityGroup, "AwsSolutions-EC23",
                "Browsers anywhere on the internet open their SIP WebSocket on 443 (TLS terminated here); narrow ClientCidrs where the users are known. The gateway instances admit only this load balancer.");
        }
        LoadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = network.Vpc,
            VpcSubnets = network.EdgeSubnets,
            InternetFacing = true,
            SecurityGroup = LoadBalancerSecurityGroup,
            IdleTimeout = props.IdleTimeout ?? Duration.Seconds(3600),
            DropInvalidHeaderFields = true,
        });

        AccessLogsBucket = new Amazon.CDK.AWS.S3.Bucket(this, "AccessLogs", new Amazon.CDK.AWS.S3.BucketProps
        {
            Encryption = Amazon.CDK.AWS.S3.BucketEncryption.S3_MANAGED,
            BlockPublicAccess = Amazon.CDK.AWS.S3.BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ObjectOwnership = Amazon.CDK.AWS.S3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            LifecycleRules = [new Amazon.CDK.AWS.S3.LifecycleRule { Expiration = Duration.Days(90) }],
        });
        NagSuppressions.Add(AccessLogsBucket, "AwsSolutions-S1",
            "This bucket holds the load balancer's access logs; logging the log bucket's own accesses would need yet another bucket and adds nothing to the audit trail.");
        AlbAccessLogDelivery.Enable(LoadBalancer, AccessLogsBucket, AccessLogsPrefix);

        InstanceSecurityGroup = new SecurityGroup(this, "InstanceSecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "RtcOnAws WebRTC gateway instances: signalling from the load balancer only",
            AllowAllOutbound = true,
        });
        InstanceSecurityGroup.AddIngressRule(LoadBalancerSecurityGroup, Port.Tcp(gatewayPort), "Signalling from the ALB");
        LoadBalancerSecurityGroup.AddEgressRule(InstanceSecurityGroup, Port.Tcp(gatewayPort), "To the gateways");
        // In-dialog requests (a BYE from the called side) and calls to browsers come from the SBCs.
        InstanceSecurityGroup.AddIngressRule(network.SbcSecurityGroup, Port.Udp(SbcPorts.Sip), "SIP from the SBC pairs");
        network.SbcSecurityGroup.AddIngressRule(InstanceSecurityGroup, Port.Udp(SbcPorts.Sip), "SIP from the WebRTC gateways");

        // Browsers prove who they are with credentials the operator's web application derives from this secret.
        CredentialSecret = props.CredentialSecret ?? new Secret(this, "CredentialSecret", new SecretProps
        {
            Description = "RtcOnAws WebRTC gateway: shared secret of browsers' time-limited SIP credentials",
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 64, ExcludePunctuation = true, IncludeSpace = false },
        });
        if (CredentialSecret is Secret createdSecret)
        {
            NagSuppressions.Add(createdSecret, "AwsSolutions-SMG4",
                "Rotating the credential secret means every gateway and the operator's web application switching together (auth_ephemeral accepts several secrets for the overlap): a planned operation (docs/infra.md, WebRtcGateway), not an automatic schedule that would lock every browser out.");
        }

        Config = GatewayConfig.Render(GatewaySettings(props, gatewayPort, healthPath), IsDeployTimeValue);
        var userData = UserData.ForLinux();
        userData.AddCommands(["set -euo pipefail", .. WebRtcGatewayPackages.InstallCommands()]);
        if (props.UserDataCommands is { } commands)
        {
            userData.AddCommands([.. commands]);
        }
        userData.AddCommands(
        [
            .. KamailioInstallation.InstallGatewayCommands(Config, AddressPlaceholder, GatewayCredentialSecret.ConfigCommands(CredentialSecret, Stack.Of(this).Region)),
            .. KamailioInstallation.StartCommands(),
        ]);
        var role = new Amazon.CDK.AWS.IAM.Role(this, "InstanceRole", new Amazon.CDK.AWS.IAM.RoleProps
        {
            AssumedBy = new Amazon.CDK.AWS.IAM.ServicePrincipal("ec2.amazonaws.com"),
            Description = "RtcOnAws WebRTC gateway instances",
        });
        GatewayCredentialSecret.GrantRead(CredentialSecret, role);
        // A launch template, not a launch configuration: new AWS accounts can no longer create the latter.
        LaunchTemplate = new LaunchTemplate(this, "LaunchTemplate", new LaunchTemplateProps
        {
            InstanceType = props.InstanceType ?? new InstanceType("c5.large"),
            MachineImage = props.MachineImage ?? MachineImage.FromSsmParameter(SbcNodePackages.DefaultImageParameter, new SsmParameterImageOptions { Os = OperatingSystemType.LINUX }),
            SecurityGroup = InstanceSecurityGroup,
            AssociatePublicIpAddress = true,
            RequireImdsv2 = true,
            UserData = userData,
            Role = role,
            BlockDevices =
            [
                new Amazon.CDK.AWS.EC2.BlockDevice
                {
                    DeviceName = "/dev/xvda",
                    Volume = Amazon.CDK.AWS.EC2.BlockDeviceVolume.Ebs(16, new Amazon.CDK.AWS.EC2.EbsDeviceOptions { Encrypted = true, VolumeType = Amazon.CDK.AWS.EC2.EbsDeviceVolumeType.GP3 }),
                },
            ],
        });
        AutoScalingGroup = new AutoScalingGroup(this, "AutoScalingGroup", new AutoScalingGroupProps
        {
            Vpc = network.Vpc,
            VpcSubnets = network.EdgeSubnets,
            LaunchTemplate = LaunchTemplate,
            MinCapacity = props.MinCapacity ?? 2,
            MaxCapacity = props.MaxCapacity ?? 6,
            HealthCheck = Amazon.CDK.AWS.AutoScaling.HealthCheck.Elb(new ElbHealthCheckOptions { Grace = Duration.Minutes(5) }),
            Notifications = props.NotificationTopic is { } topic ? [new NotificationConfiguration { Topic = topic, ScalingEvents = ScalingEvents.ALL }] : null,
        });
        NagSuppressions.Add(AutoScalingGroup, "AwsSolutions-EC26",
            "The group launches from LaunchTemplate, whose only volume (the root, gp3) is encrypted; cdk-nag does not follow a group to its launch template.");
        AutoScalingGroup.ScaleOnCpuUtilization("CpuTarget", new CpuUtilizationScalingProps { TargetUtilizationPercent = props.TargetCpuUtilization ?? 60 });

        TargetGroup = new ApplicationTargetGroup(this, "TargetGroup", new ApplicationTargetGroupProps
        {
            Vpc = network.Vpc,
            Port = gatewayPort,
            Protocol = ApplicationProtocol.HTTP,
            Targets = [AutoScalingGroup],
            StickinessCookieDuration = props.StickinessDuration ?? Duration.Days(1),
            DeregistrationDelay = Duration.Seconds(60),
            // Kamailio's xhttp answers the path: the target is healthy exactly while the gateway's SIP service runs.
            HealthCheck = new ElbHealthCheck { Path = healthPath, Interval = Duration.Seconds(15), HealthyHttpCodes = "200" },
        });
        HttpsListener = LoadBalancer.AddListener("HttpsListener", new BaseApplicationListenerProps
        {
            Port = 443,
            Protocol = ApplicationProtocol.HTTPS,
            Certificates = [props.Certificate],
            SslPolicy = SslPolicy.RECOMMENDED_TLS,
            DefaultTargetGroups = [TargetGroup],
            Open = false,
        });
    }

    /// <summary>Key prefix of the access logs in <see cref="AccessLogsBucket"/>.</summary>
    public const string AccessLogsPrefix = "webrtc-alb";

    /// <summary>The bucket of the load balancer's access logs (prefix <see cref="AccessLogsPrefix"/>), in a stack with or without a region.</summary>
    public Amazon.CDK.AWS.S3.Bucket AccessLogsBucket { get; }

    /// <summary>The Application Load Balancer.</summary>
    public ApplicationLoadBalancer LoadBalancer { get; }

    /// <summary>The HTTPS listener on 443.</summary>
    public ApplicationListener HttpsListener { get; }

    /// <summary>The gateways' target group (sticky by load balancer cookie).</summary>
    public ApplicationTargetGroup TargetGroup { get; }

    /// <summary>The launch template of the gateway instances (IMDSv2 required, encrypted root volume).</summary>
    public LaunchTemplate LaunchTemplate { get; }

    /// <summary>The gateway instances.</summary>
    public AutoScalingGroup AutoScalingGroup { get; }

    /// <summary>Security group of the load balancer.</summary>
    public SecurityGroup LoadBalancerSecurityGroup { get; }

    /// <summary>Security group of the gateway instances.</summary>
    public SecurityGroup InstanceSecurityGroup { get; }

    /// <summary>
    /// The shared secret of browsers' credentials (<see cref="WebRtcGatewayProps.CredentialSecret"/>, or the one created):
    /// grant the operator's web application read access (<c>GrantRead</c>) so it can issue credentials.
    /// </summary>
    public ISecret CredentialSecret { get; }

    /// <summary>The gateways' rendered Kamailio config (the instance address is filled in at boot from the instance metadata).</summary>
    public GatewayConfig Config { get; }

    /// <summary>Stands for the instance's private address in <see cref="Config"/> until the instance's user data writes it in.</summary>
    public const string AddressPlaceholder = "@RTCONAWS_GATEWAY_ADDRESS@";

    private static bool IsDeployTimeValue(string value) => value == AddressPlaceholder || Token.IsUnresolved(value);

    private static GatewaySettings GatewaySettings(WebRtcGatewayProps props, double gatewayPort, string healthPath) => new()
    {
        ListenAddress = AddressPlaceholder,
        HttpPort = PropsValidator.IsToken(gatewayPort) ? GatewayPorts.Http : (int)gatewayPort,
        Domain = props.SipDomain ?? "",
        Sbcs = [.. (props.Pairs ?? []).Select(pair => new SipUpstream(pair.FloatingPrivateIp))],
        HealthPath = healthPath,
    };

    private static string Validate(string id, WebRtcGatewayProps props)
    {
        var v = new PropsValidator(nameof(WebRtcGateway), id);
        if (props.Network is null)
        {
            v.Fail(nameof(props.Network), "is missing", "an RtcNetwork");
        }
        if (props.Certificate is null)
        {
            v.Fail(nameof(props.Certificate), "is missing but the HTTPS listener needs one", "an ACM certificate (ListenerCertificate.FromCertificateManager)");
        }
        v.CheckRange(props.MinCapacity, 1, 1000, nameof(props.MinCapacity));
        v.CheckRange(props.MaxCapacity, 1, 1000, nameof(props.MaxCapacity));
        var min = props.MinCapacity ?? 2;
        var max = props.MaxCapacity ?? 6;
        if (!PropsValidator.IsToken(min) && !PropsValidator.IsToken(max) && min > max)
        {
            v.Fail(nameof(props.MaxCapacity), $"{PropsValidator.Format(max)} is below MinCapacity {PropsValidator.Format(min)}", "MaxCapacity >= MinCapacity");
        }
        v.CheckRange(props.TargetCpuUtilization, 10, 90, nameof(props.TargetCpuUtilization));
        v.CheckRange(props.GatewayPort, 1, 65535, nameof(props.GatewayPort));
        if (props.Pairs is null || props.Pairs.Count == 0)
        {
            v.Fail(nameof(props.Pairs), "is empty but the gateways forward every call to an SBC pair", "one or more SbcPair");
        }
        if (props.GatewayPort is { } port && !PropsValidator.IsToken(port) && port == SbcPorts.Sip)
        {
            v.Fail(nameof(props.GatewayPort), $"{PropsValidator.Format(port)} is the gateways' SIP port toward the SBCs", "1-65535 except 5060");
        }
        var settings = GatewaySettings(props, props.GatewayPort ?? GatewayPorts.Http, props.HealthCheckPath ?? GatewayPorts.HealthPath);
        foreach (var problem in GatewayConfig.Validate(settings, IsDeployTimeValue))
        {
            if (problem.StartsWith(nameof(settings.Domain), StringComparison.Ordinal))
            {
                v.Fail(nameof(props.SipDomain), problem, "a DNS name such as sip.example.com or an IPv4 address");
            }
            else if (problem.StartsWith(nameof(settings.HealthPath), StringComparison.Ordinal))
            {
                v.Fail(nameof(props.HealthCheckPath), problem, "a path such as /health");
            }
        }
        v.CheckSeconds(props.IdleTimeout, 60, 4000, nameof(props.IdleTimeout));
        v.CheckSeconds(props.StickinessDuration, 1, 604800, nameof(props.StickinessDuration));
        if (props.ClientCidrs is { } cidrs)
        {
            foreach (var cidr in cidrs)
            {
                v.Check(cidr, cidr.Contains('/') && System.Net.IPNetwork.TryParse(cidr, out _), nameof(props.ClientCidrs), $"'{cidr}' is not a CIDR", "IPv4 or IPv6 CIDRs such as 203.0.113.0/24");
            }
        }
        v.ThrowIfAny();
        return id;
    }
}
