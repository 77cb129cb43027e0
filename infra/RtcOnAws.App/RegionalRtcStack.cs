using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Constructs;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Protection;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.State;

namespace RtcOnAws.App;

/// <summary>
/// One region of the service in its default configuration: the network over two AZs, one same-AZ SBC pair per AZ
/// behind a SIP Network Load Balancer whose media nodes keep their calls in the session store (hot standby), the
/// failover automation and the WebRTC gateway.
/// </summary>
internal sealed class RegionalRtcStack : Stack
{
    public RegionalRtcStack(Construct scope, string id, RegionalRtcStackProps props)
        : base(scope, id, props)
    {
        HostedZone = props.HostedZone
            ?? (props.ExistingHostedZoneId is { } zoneId
                ? Amazon.CDK.AWS.Route53.HostedZone.FromHostedZoneAttributes(this, "HostedZone", new HostedZoneAttributes { HostedZoneId = zoneId, ZoneName = props.Domain })
                : new PublicHostedZone(this, "HostedZone", new PublicHostedZoneProps { ZoneName = props.Domain, Comment = "RtcOnAws SIP domain" }));

        Network = new RtcNetwork(this, "Network");
        var mediaNodeCode = props.MediaNodeCode?.Invoke(this);
        SessionStore = new SessionStore(this, "SessionStore", new SessionStoreProps { Network = Network });
        // With the repository's media node every pair is a hot-standby pair on the region's session store.
        Pairs = Network.PlacementGroups
            .Select((_, az) => new SbcPair(this, $"SbcPairAz{az + 1}", new SbcPairProps
            {
                Network = Network,
                AvailabilityZoneIndex = az,
                MediaNodeCode = mediaNodeCode,
                SessionStore = mediaNodeCode is null ? null : SessionStore,
            }))
            .ToArray();
        Failover = new FailoverAutomation(this, "Failover", new FailoverAutomationProps
        {
            Pairs = Pairs,
            FloatingIpFailoverCode = props.FloatingIpFailoverCode,
            LifecycleDnsCode = props.LifecycleDnsCode,
            HostedZone = HostedZone,
            // The WebRTC gateways' lifecycle records live apart from the SIP records SipDns manages.
            LifecycleDnsDomain = $"webrtc.{props.Domain}",
            LifecycleDnsPublicAddresses = true,
        });

        // One certificate per region: load balancers only take certificates of their own region.
        Certificate = new Certificate(this, "Certificate", new CertificateProps
        {
            DomainName = props.Domain,
            SubjectAlternativeNames = [$"*.{props.Domain}"],
            Validation = CertificateValidation.FromDns(HostedZone),
        });
        var listenerCertificate = ListenerCertificate.FromCertificateManager(Certificate);
        SipLoadBalancer = new SipLoadBalancer(this, "SipLoadBalancer", new SipLoadBalancerProps
        {
            Network = Network,
            Pairs = Pairs,
            Certificate = listenerCertificate,
        });
        WebRtcGateway = new WebRtcGateway(this, "WebRtcGateway", new WebRtcGatewayProps
        {
            Network = Network,
            Certificate = listenerCertificate,
            LifecycleDns = Failover,
        });

        if (props.ShieldAdvanced)
        {
            _ = new ShieldAdvancedProtection(this, "ShieldAdvanced", new ShieldAdvancedProtectionProps
            {
                ResourceArns =
                [
                    .. Pairs.Select(pair => ShieldAdvancedProtection.ElasticIpArn(pair.ElasticIp)),
                    SipLoadBalancer.LoadBalancer.LoadBalancerArn,
                    WebRtcGateway.LoadBalancer.LoadBalancerArn,
                ],
            });
        }

        _ = new CfnOutput(this, "SessionStoreEndpoint", new CfnOutputProps { Value = SessionStore.PrimaryEndpointAddress });
        _ = new CfnOutput(this, "SipLoadBalancerDnsName", new CfnOutputProps { Value = SipLoadBalancer.LoadBalancer.LoadBalancerDnsName });
        _ = new CfnOutput(this, "WebRtcGatewayDnsName", new CfnOutputProps { Value = WebRtcGateway.LoadBalancer.LoadBalancerDnsName });
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

    public Certificate Certificate { get; }

    public SipLoadBalancer SipLoadBalancer { get; }

    public WebRtcGateway WebRtcGateway { get; }
}
