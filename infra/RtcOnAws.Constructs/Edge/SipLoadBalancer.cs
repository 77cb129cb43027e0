using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.Validation;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;
using ElbProtocol = Amazon.CDK.AWS.ElasticLoadBalancingV2.Protocol;

namespace RtcOnAws.Constructs.Edge;

/// <summary>
/// A Network Load Balancer in front of SBC pairs: one <c>TCP_UDP</c> listener on 5060 (AWS allows one listener per
/// port, so SIP over UDP and TCP share it) and a TLS listener on 5061, targets at each pair's floating private IP,
/// client IP preserved, cross-zone load balancing off by default.
/// </summary>
public sealed class SipLoadBalancer : Construct
{
    /// <summary>Creates the load balancer, listeners and target groups.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public SipLoadBalancer(Construct scope, string id, SipLoadBalancerProps props)
        : base(scope, Validate(id, props))
    {
        var network = props.Network;
        LoadBalancer = new NetworkLoadBalancer(this, "LoadBalancer", new NetworkLoadBalancerProps
        {
            Vpc = network.Vpc,
            VpcSubnets = network.EdgeSubnets,
            InternetFacing = props.InternetFacing ?? true,
            CrossZoneEnabled = props.CrossZoneEnabled ?? false,
        });

        // Access logs (NLBs log TLS connections: client, certificate, cipher, timings).
        // Set as attributes rather than LogAccessLogs, which needs a resolved region: NLB log delivery goes through the
        // region-independent delivery.logs.amazonaws.com principal.
        AccessLogsBucket = props.AccessLogsBucket ?? NewAccessLogsBucket();
        LoadBalancer.SetAttribute("access_logs.s3.enabled", "true");
        LoadBalancer.SetAttribute("access_logs.s3.bucket", AccessLogsBucket.BucketName);
        LoadBalancer.SetAttribute("access_logs.s3.prefix", AccessLogsPrefix);

        var healthCheck = HealthCheckOf(props.HealthCheck);
        var healthPort = props.HealthCheck?.Port ?? RtcNetwork.SipPort;
        // Health checks, and TLS-terminated connections, come from the load balancer's own addresses in the VPC.
        network.SbcSecurityGroup.AddIngressRule(Peer.Ipv4(network.Vpc.VpcCidrBlock), Port.Tcp(healthPort), "NLB health checks");
        if (healthPort != RtcNetwork.SipPort)
        {
            network.SbcSecurityGroup.AddIngressRule(Peer.Ipv4(network.Vpc.VpcCidrBlock), Port.Tcp(RtcNetwork.SipPort), "SIP over TLS terminated at the NLB");
        }

        SipTargetGroup = TargetGroup("SipTargetGroup", ElbProtocol.TCP_UDP, props.Pairs, network, healthCheck);
        SipListener = LoadBalancer.AddListener("SipListener", new BaseNetworkListenerProps
        {
            Port = RtcNetwork.SipPort,
            Protocol = ElbProtocol.TCP_UDP,
            DefaultTargetGroups = [SipTargetGroup],
        });

        if (props.TlsListener ?? true)
        {
            TlsTargetGroup = TargetGroup("TlsTargetGroup", ElbProtocol.TCP, props.Pairs, network, healthCheck);
            TlsListener = LoadBalancer.AddListener("TlsListener", new BaseNetworkListenerProps
            {
                Port = RtcNetwork.SipTlsPort,
                Protocol = ElbProtocol.TLS,
                Certificates = [props.Certificate!],
                SslPolicy = SslPolicy.RECOMMENDED_TLS,
                DefaultTargetGroups = [TlsTargetGroup],
            });
        }
    }

    /// <summary>Key prefix of the access logs in <see cref="AccessLogsBucket"/>.</summary>
    public const string AccessLogsPrefix = "sip-nlb";

    /// <summary>Where the load balancer writes its access logs.</summary>
    public IBucket AccessLogsBucket { get; }

    /// <summary>The Network Load Balancer.</summary>
    public NetworkLoadBalancer LoadBalancer { get; }

    /// <summary>The <c>TCP_UDP</c> listener on 5060.</summary>
    public NetworkListener SipListener { get; }

    /// <summary>The TLS listener on 5061; <c>null</c> when <see cref="SipLoadBalancerProps.TlsListener"/> is false.</summary>
    public NetworkListener? TlsListener { get; }

    /// <summary>Targets of <see cref="SipListener"/>: the pairs' floating private IPs on 5060.</summary>
    public NetworkTargetGroup SipTargetGroup { get; }

    /// <summary>Targets of <see cref="TlsListener"/>: the same addresses on 5060 over TCP, TLS terminated at the load balancer.</summary>
    public NetworkTargetGroup? TlsTargetGroup { get; }

    private Bucket NewAccessLogsBucket()
    {
        var bucket = new Bucket(this, "AccessLogs", new BucketProps
        {
            // Load balancer log delivery writes only to SSE-S3 buckets.
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            LifecycleRules = [new LifecycleRule { Expiration = Duration.Days(90) }],
        });
        var account = Stack.Of(this).Account;
        var delivery = new ServicePrincipal("delivery.logs.amazonaws.com");
        var sameAccount = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = account } };
        bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Principals = [delivery],
            Actions = ["s3:PutObject"],
            Resources = [bucket.ArnForObjects($"{AccessLogsPrefix}/AWSLogs/{account}/*")],
            Conditions = sameAccount,
        }));
        bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Principals = [delivery],
            Actions = ["s3:GetBucketAcl"],
            Resources = [bucket.BucketArn],
            Conditions = sameAccount,
        }));
        // The load balancer checks the bucket policy when the attribute is set.
        LoadBalancer.Node.AddDependency(bucket.Policy!);
        NagSuppressions.Add(bucket, "AwsSolutions-S1",
            "This bucket holds the load balancer's access logs; logging the log bucket's own accesses would need yet another bucket and adds nothing to the audit trail.");
        return bucket;
    }

    private NetworkTargetGroup TargetGroup(string id, ElbProtocol protocol, IReadOnlyList<ISbcPair> pairs, IRtcNetwork network, ElbHealthCheck healthCheck) =>
        new(this, id, new NetworkTargetGroupProps
        {
            Vpc = network.Vpc,
            Port = RtcNetwork.SipPort,
            Protocol = protocol,
            TargetType = TargetType.IP,
            // UDP and TCP_UDP groups always keep the client's address; TCP groups with IP targets need it switched on.
            PreserveClientIp = protocol == ElbProtocol.TCP ? true : null,
            HealthCheck = healthCheck,
            // Short drain: a dead SBC's flows should move quickly, SIP clients retransmit.
            DeregistrationDelay = Duration.Seconds(30),
            Targets = pairs.SelectMany(pair => pair.FloatingPrivateIps).Select(ip => (INetworkLoadBalancerTarget)new IpTarget(ip, RtcNetwork.SipPort)).ToArray(),
        });

    private static ElbHealthCheck HealthCheckOf(SipHealthCheck? check)
    {
        var http = (check?.Protocol ?? SipHealthCheckProtocol.Http) == SipHealthCheckProtocol.Http;
        return new ElbHealthCheck
        {
            Protocol = http ? ElbProtocol.HTTP : ElbProtocol.TCP,
            Port = PropsValidator.Format(check?.Port ?? RtcNetwork.SipPort),
            Path = http ? check?.Path ?? SipHealthAnswer.Path : null,
            Interval = Duration.Seconds(10),
            HealthyThresholdCount = 2,
            UnhealthyThresholdCount = 2,
        };
    }

    private static string Validate(string id, SipLoadBalancerProps props)
    {
        var v = new PropsValidator(nameof(SipLoadBalancer), id);
        if (props.Network is null)
        {
            v.Fail(nameof(props.Network), "is missing", "an RtcNetwork");
        }
        if (props.Pairs is null || props.Pairs.Count == 0)
        {
            v.Fail(nameof(props.Pairs), "is empty", "at least one SbcPair");
        }
        if ((props.TlsListener ?? true) && props.Certificate is null)
        {
            v.Fail(nameof(props.Certificate), "is missing but the TLS listener on 5061 needs one", "an ACM certificate (ListenerCertificate.FromCertificateManager), or TlsListener = false");
        }
        if (props.HealthCheck is { } check)
        {
            v.CheckRange(check.Port, 1, 65535, "HealthCheck.Port");
            if (check.Path is { } path)
            {
                if (check.Protocol == SipHealthCheckProtocol.Tcp)
                {
                    v.Fail("HealthCheck.Path", "is set for a TCP check", "a path only with Protocol = Http");
                }
                v.Check(path, path.StartsWith('/'), "HealthCheck.Path", $"'{path}' does not start with '/'", "a path such as /health");
            }
        }
        v.ThrowIfAny();
        return id;
    }
}
