using Amazon.CDK;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using RtcOnAws.Constructs.Dns;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Global;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Protection;
using RtcOnAws.Constructs.Sbc;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// One synth shared by the edge and global construct tests: a regional stack with the SIP load balancer and the
/// WebRTC gateway, and a global stack with the accelerator, the SIP records and Shield Advanced.
/// </summary>
public sealed class EdgeFixture : IDisposable
{
    public const string Edge = "Edge";
    public const string Global = "Global";
    public const string CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

    public EdgeFixture()
    {
        App = new SynthesizedApp(app =>
        {
            var edge = new Stack(app, Edge);
            Network = new RtcNetwork(edge, "Network");
            SameAzPair = new SbcPair(edge, "SameAzPair", new SbcPairProps { Network = Network });
            AcrossAzsPair = new SbcPair(edge, "AcrossAzsPair", new SbcPairProps { Network = Network, Placement = SbcPairPlacement.AcrossAzs });
            Failover = new FailoverAutomation(edge, "Failover", new FailoverAutomationProps { Pairs = [SameAzPair] });
            var certificate = ListenerCertificate.FromArn(CertificateArn);
            SipLoadBalancer = new SipLoadBalancer(edge, "Sip", new SipLoadBalancerProps { Network = Network, Pairs = [SameAzPair, AcrossAzsPair], Certificate = certificate });
            WebRtcGateway = new WebRtcGateway(edge, "WebRtc", new WebRtcGatewayProps
            {
                Network = Network,
                Certificate = certificate,
                Pairs = [SameAzPair, AcrossAzsPair],
                SipDomain = "voice.example.com",
            });

            var global = new Stack(app, Global);
            Zone = new PublicHostedZone(global, "Zone", new PublicHostedZoneProps { ZoneName = "voice.example.com" });
            GlobalEntry = new GlobalEntry(global, "Entry", new GlobalEntryProps
            {
                Regions =
                [
                    new GlobalEntryRegion { Region = "us-east-1", LoadBalancer = SipLoadBalancer.LoadBalancer },
                    new GlobalEntryRegion { Region = "eu-west-1", Pairs = [SameAzPair, AcrossAzsPair], TrafficDialPercentage = 50 },
                ],
                HealthCheckInterval = Duration.Seconds(30),
                HealthCheckThreshold = 2,
            });
            SipDns = new SipDns(global, "Dns", new SipDnsProps
            {
                HostedZone = Zone,
                AzTargets =
                [
                    new SipAzTarget { Label = "use1-az1", Addresses = ["198.51.100.10", "198.51.100.11"], Priority = 1, Weight = 10 },
                    new SipAzTarget { Label = "use1-az2", Addresses = ["198.51.100.20"], Priority = 1, Weight = 20, SipPort = 5070, HealthCheckProtocol = SipHealthCheckProtocol.Tcp },
                ],
                TlsHostName = "tls.voice.example.com",
                RegionTargets =
                [
                    new SipRegionTarget { Region = "us-east-1", Addresses = ["198.51.100.10", "198.51.100.20"] },
                    new SipRegionTarget
                    {
                        Region = "eu-west-1",
                        Addresses = ["10.1.2.3"],
                        HealthCheck = new SipDnsHealthCheck { AlarmName = "eu-west-1-sbc-heartbeat", AlarmRegion = "eu-west-1" },
                    },
                ],
            });
            Shield = new ShieldAdvancedProtection(global, "Shield", new ShieldAdvancedProtectionProps
            {
                ResourceArns = [GlobalEntry.Accelerator.AcceleratorArn, "arn:aws:ec2:us-east-1:123456789012:eip-allocation/eipalloc-0123456789abcdef0"],
            });
            return [edge, global];
        });
    }

    public SynthesizedApp App { get; }

    public RtcNetwork Network { get; private set; } = null!;

    public SbcPair SameAzPair { get; private set; } = null!;

    public SbcPair AcrossAzsPair { get; private set; } = null!;

    public FailoverAutomation Failover { get; private set; } = null!;

    public SipLoadBalancer SipLoadBalancer { get; private set; } = null!;

    public WebRtcGateway WebRtcGateway { get; private set; } = null!;

    public IHostedZone Zone { get; private set; } = null!;

    public GlobalEntry GlobalEntry { get; private set; } = null!;

    public SipDns SipDns { get; private set; } = null!;

    public ShieldAdvancedProtection Shield { get; private set; } = null!;

    public void Dispose() => App.Dispose();
}
