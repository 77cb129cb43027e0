using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.Route53.Targets;
using Constructs;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Operations;
using RtcOnAws.Constructs.Protection;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.State;

namespace RtcOnAws.App;

/// <summary>
/// One region of the service: the network over two AZs, one same-AZ SBC pair per AZ whose media nodes keep their calls
/// in the session store (hot standby), and the failover automation; optionally a SIP Network Load Balancer (the Global
/// Accelerator's endpoint, with TLS on 5061) and the WebRTC gateway.
/// </summary>
internal sealed class RegionalRtcStack : Stack
{
    public RegionalRtcStack(Construct scope, string id, RegionalRtcStackProps props)
        : base(scope, id, props)
    {
        if (props.CrossRegionReferences == true)
        {
            CrossRegionReferenceFindings.Acknowledge(this);
        }
        HostedZone = props.HostedZone
            ?? (props.ExistingHostedZoneId is { } zoneId
                ? Amazon.CDK.AWS.Route53.HostedZone.FromHostedZoneAttributes(this, "HostedZone", new HostedZoneAttributes { HostedZoneId = zoneId, ZoneName = props.Domain })
                : new PublicHostedZone(this, "HostedZone", new PublicHostedZoneProps { ZoneName = props.Domain, Comment = "RtcOnAws SIP domain" }));

        Network = new RtcNetwork(this, "Network");
        var mediaNodeCode = props.MediaNodeCode?.Invoke(this);
        SessionStore = new SessionStore(this, "SessionStore", new SessionStoreProps { Network = Network });
        // Calls from the WebRTC gateways (in the edge subnets) reach the pairs in the SIP domain, with a browser on their side.
        var webRtcGatewayCidrs = props.WebRtcGateway
            ? Network.Vpc.SelectSubnets(Network.EdgeSubnets).Subnets.Select(subnet => subnet.Ipv4CidrBlock).ToArray()
            : null;
        // With the repository's media node every pair is a hot-standby pair on the region's session store.
        Pairs = Network.PlacementGroups
            .Select((_, az) => new SbcPair(this, $"SbcPairAz{az + 1}", new SbcPairProps
            {
                Network = Network,
                AvailabilityZoneIndex = az,
                MediaNodeCode = mediaNodeCode,
                SessionStore = mediaNodeCode is null ? null : SessionStore,
                SipRouting = props.SipRouting,
                SipDomain = props.WebRtcGateway ? props.Domain : null,
                WebRtcGatewayCidrs = webRtcGatewayCidrs,
            }))
            .ToArray();
        // The app routes no Auto Scaling group to the lifecycle DNS function (the WebRTC gateways are reached through
        // their load balancer's name), so only the failover function is deployed.
        Failover = new FailoverAutomation(this, "Failover", new FailoverAutomationProps
        {
            Pairs = Pairs,
            FloatingIpFailoverCode = props.FloatingIpFailoverCode,
            LifecycleDnsCode = props.LifecycleDnsCode,
        });

        // One certificate per region (load balancers only take certificates of their own region), and only in an
        // imported zone: DNS validation in a zone this app creates would wait until someone delegates it.
        Certificate = props.ExistingHostedZoneId is not null && (props.Tls || props.WebRtcGateway)
            ? new Certificate(this, "Certificate", new CertificateProps
            {
                DomainName = props.Domain,
                SubjectAlternativeNames = [$"*.{props.Domain}"],
                Validation = CertificateValidation.FromDns(HostedZone),
            })
            : null;
        var listenerCertificate = Certificate is null ? null : ListenerCertificate.FromCertificateManager(Certificate);
        if (props.SipLoadBalancer)
        {
            SipLoadBalancer = new SipLoadBalancer(this, "SipLoadBalancer", new SipLoadBalancerProps
            {
                Network = Network,
                Pairs = Pairs,
                TlsListener = props.Tls,
                Certificate = props.Tls ? listenerCertificate : null,
            });
        }
        Operations = new RtcOperations(this, "Operations", new RtcOperationsProps
        {
            Pairs = Pairs,
            Failover = Failover,
            SessionStore = SessionStore,
            SipLoadBalancer = SipLoadBalancer,
            AlarmEmail = props.AlarmEmail,
        });

        if (props.WebRtcGateway)
        {
            WebRtcGateway = new WebRtcGateway(this, "WebRtcGateway", new WebRtcGatewayProps
            {
                Network = Network,
                Certificate = listenerCertificate!,
                Pairs = Pairs,
                SipDomain = props.Domain,
                NotificationTopic = Operations.Topic,
            });
            // Browsers reach the gateways through their load balancer: one latency record per region.
            _ = new ARecord(this, "WebRtcRecord", new ARecordProps
            {
                Zone = HostedZone,
                RecordName = $"webrtc.{props.Domain}",
                Target = RecordTarget.FromAlias(new LoadBalancerTarget(WebRtcGateway.LoadBalancer)),
                Region = Region,
                SetIdentifier = Token.IsUnresolved(Region) ? id : Region,
            });
        }

        if (props.ShieldAdvanced)
        {
            _ = new ShieldAdvancedProtection(this, "ShieldAdvanced", new ShieldAdvancedProtectionProps
            {
                ResourceArns =
                [
                    .. Pairs.Select(pair => ShieldAdvancedProtection.ElasticIpArn(pair.ElasticIp)),
                    .. new[] { SipLoadBalancer?.LoadBalancer.LoadBalancerArn, WebRtcGateway?.LoadBalancer.LoadBalancerArn }.OfType<string>(),
                ],
            });
        }

        _ = new CfnOutput(this, "SessionStoreEndpoint", new CfnOutputProps { Value = SessionStore.PrimaryEndpointAddress });
        if (SipLoadBalancer is not null)
        {
            _ = new CfnOutput(this, "SipLoadBalancerDnsName", new CfnOutputProps { Value = SipLoadBalancer.LoadBalancer.LoadBalancerDnsName });
        }
        if (WebRtcGateway is not null)
        {
            _ = new CfnOutput(this, "WebRtcGatewayDnsName", new CfnOutputProps { Value = WebRtcGateway.LoadBalancer.LoadBalancerDnsName });
        }
        for (var i = 0; i < Pairs.Count; i++)
        {
            _ = new CfnOutput(this, $"SbcPairAz{i + 1}PublicIp", new CfnOutputProps { Value = Pairs[i].ElasticIp.Ref });
        }
    }

    public IHostedZone HostedZone { get; }

    public RtcNetwork Network { get; }

    public IReadOnlyList<SbcPair> Pairs { get; }

    public SessionStore SessionStore { get; }

    public FailoverAutomation Failover { get; }

    /// <summary>The region's alarm topic, alarms and dashboard.</summary>
    public RtcOperations Operations { get; }

    /// <summary>The region's certificate; null unless TLS or the WebRTC gateway is on (both need an imported zone).</summary>
    public Certificate? Certificate { get; }

    /// <summary>The Global Accelerator's endpoint in this region; null without the accelerator.</summary>
    public SipLoadBalancer? SipLoadBalancer { get; }

    /// <summary>The WebRTC gateway; null unless switched on.</summary>
    public WebRtcGateway? WebRtcGateway { get; }
}
