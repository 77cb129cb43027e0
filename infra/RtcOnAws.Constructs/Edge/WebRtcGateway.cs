using Amazon.CDK;
using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Events;
using Constructs;
using RtcOnAws.Constructs.Validation;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace RtcOnAws.Constructs.Edge;

/// <summary>
/// WebRTC signalling edge (whitepaper fig. 5 and 8): an Application Load Balancer (HTTPS, WebSocket) with
/// load-balancer-cookie stickiness in front of an Auto Scaling group of gateway instances across AZs, target-tracking
/// on CPU, and launching/terminating lifecycle hooks routed to the lifecycle DNS function.
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
        var gatewayPort = props.GatewayPort ?? 8080;

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

        var userData = UserData.ForLinux();
        if (props.UserDataCommands is { } commands)
        {
            userData.AddCommands([.. commands]);
        }
        // A launch template, not a launch configuration: new AWS accounts can no longer create the latter.
        LaunchTemplate = new LaunchTemplate(this, "LaunchTemplate", new LaunchTemplateProps
        {
            InstanceType = props.InstanceType ?? new InstanceType("c5.large"),
            MachineImage = props.MachineImage ?? MachineImage.LatestAmazonLinux2023(new AmazonLinux2023ImageSsmParameterProps { CpuType = AmazonLinuxCpuType.X86_64 }),
            SecurityGroup = InstanceSecurityGroup,
            AssociatePublicIpAddress = true,
            RequireImdsv2 = true,
            UserData = userData,
            Role = new Amazon.CDK.AWS.IAM.Role(this, "InstanceRole", new Amazon.CDK.AWS.IAM.RoleProps
            {
                AssumedBy = new Amazon.CDK.AWS.IAM.ServicePrincipal("ec2.amazonaws.com"),
                Description = "RtcOnAws WebRTC gateway instances",
            }),
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
        });
        AutoScalingGroup.ScaleOnCpuUtilization("CpuTarget", new CpuUtilizationScalingProps { TargetUtilizationPercent = props.TargetCpuUtilization ?? 60 });

        TargetGroup = new ApplicationTargetGroup(this, "TargetGroup", new ApplicationTargetGroupProps
        {
            Vpc = network.Vpc,
            Port = gatewayPort,
            Protocol = ApplicationProtocol.HTTP,
            Targets = [AutoScalingGroup],
            StickinessCookieDuration = props.StickinessDuration ?? Duration.Days(1),
            DeregistrationDelay = Duration.Seconds(60),
            HealthCheck = new ElbHealthCheck { Path = props.HealthCheckPath ?? "/health", Interval = Duration.Seconds(15) },
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

        // Hooks only for a consumer: without one every launch and termination would wait out the hook's timeout.
        if (props.LifecycleDns is { } lifecycleDns)
        {
            var hookTimeout = props.LifecycleHookTimeout ?? Duration.Minutes(5);
            // No notification target: the hooks publish to EventBridge, where the DNS function's rule picks them up.
            LaunchingHook = AutoScalingGroup.AddLifecycleHook("LaunchingHook", new BasicLifecycleHookProps
            {
                LifecycleTransition = LifecycleTransition.INSTANCE_LAUNCHING,
                HeartbeatTimeout = hookTimeout,
                DefaultResult = DefaultResult.CONTINUE,
            });
            TerminatingHook = AutoScalingGroup.AddLifecycleHook("TerminatingHook", new BasicLifecycleHookProps
            {
                LifecycleTransition = LifecycleTransition.INSTANCE_TERMINATING,
                HeartbeatTimeout = hookTimeout,
                DefaultResult = DefaultResult.CONTINUE,
            });
            LifecycleRule = lifecycleDns.AddLifecycleHookSource($"{id}Lifecycle", AutoScalingGroup);
        }
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

    /// <summary>Lifecycle hook on launch; <c>null</c> without <see cref="WebRtcGatewayProps.LifecycleDns"/>.</summary>
    public LifecycleHook? LaunchingHook { get; }

    /// <summary>Lifecycle hook on termination; <c>null</c> without <see cref="WebRtcGatewayProps.LifecycleDns"/>.</summary>
    public LifecycleHook? TerminatingHook { get; }

    /// <summary>The rule routing the hooks to the lifecycle DNS function; <c>null</c> without <see cref="WebRtcGatewayProps.LifecycleDns"/>.</summary>
    public Rule? LifecycleRule { get; }

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
        if (props.HealthCheckPath is { } path)
        {
            v.Check(path, path.StartsWith('/'), nameof(props.HealthCheckPath), $"'{path}' does not start with '/'", "a path such as /health");
        }
        v.CheckSeconds(props.IdleTimeout, 60, 4000, nameof(props.IdleTimeout));
        v.CheckSeconds(props.StickinessDuration, 1, 604800, nameof(props.StickinessDuration));
        v.CheckSeconds(props.LifecycleHookTimeout, 30, 7200, nameof(props.LifecycleHookTimeout));
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
