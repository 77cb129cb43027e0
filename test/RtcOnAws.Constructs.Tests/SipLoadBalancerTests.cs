using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class SipLoadBalancerTests(EdgeFixture fixture)
{
    private Template Edge => fixture.App.Template(EdgeFixture.Edge);

    [Fact]
    public void Is_an_internet_facing_nlb_with_cross_zone_off()
    {
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Type"] = "network",
            ["Scheme"] = "internet-facing",
            ["LoadBalancerAttributes"] = Match.ArrayWith([new Dictionary<string, object> { ["Key"] = "load_balancing.cross_zone.enabled", ["Value"] = "false" }]),
        }));
    }

    [Fact]
    public void Serves_sip_udp_and_tcp_on_one_tcp_udp_listener_and_tls_on_5061()
    {
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(new Dictionary<string, object> { ["Port"] = 5060, ["Protocol"] = "TCP_UDP" }));
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Port"] = 5061,
            ["Protocol"] = "TLS",
            ["Certificates"] = new object[] { new Dictionary<string, object> { ["CertificateArn"] = EdgeFixture.CertificateArn } },
        }));
        var ports = fixture.App.Resources(EdgeFixture.Edge, "AWS::ElasticLoadBalancingV2::Listener")
            .Where(l => l.Properties.GetProperty("LoadBalancerArn").GetRawText().Contains("SipLoadBalancer", StringComparison.Ordinal))
            .Select(l => l.Properties.GetProperty("Port").GetInt32()).Order();
        Assert.Equal([5060, 5061], ports);
    }

    [Fact]
    public void Targets_the_floating_ips_with_client_ip_preserved_and_the_sip_proxys_http_health_answer()
    {
        var groups = fixture.App.Resources(EdgeFixture.Edge, "AWS::ElasticLoadBalancingV2::TargetGroup")
            .Where(g => g.Id.StartsWith("Sip", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, groups.Count);
        foreach (var (_, group) in groups)
        {
            Assert.Equal("ip", group.GetProperty("TargetType").GetString());
            Assert.Equal("HTTP", group.GetProperty("HealthCheckProtocol").GetString());
            Assert.Equal("5060", group.GetProperty("HealthCheckPort").GetString());
            Assert.Equal("/health", group.GetProperty("HealthCheckPath").GetString());
            // Same-AZ pair: its floating IP; cross-AZ pair: both nodes' secondary IPs.
            var targets = group.GetProperty("Targets").EnumerateArray().Select(t => t.GetProperty("Id").GetRawText()).ToList();
            Assert.Equal(3, targets.Count);
            Assert.All(targets, t => Assert.Contains("SecondaryPrivateIpAddresses", t, StringComparison.Ordinal));
        }
        Assert.Contains(groups, g => g.Properties.GetProperty("Protocol").GetString() == "TCP_UDP");
        // TCP_UDP preserves the client address by itself; the TLS listener's TCP group has it switched on.
        var tcp = Assert.Single(groups, g => g.Properties.GetProperty("Protocol").GetString() == "TCP").Properties;
        var attributes = tcp.GetProperty("TargetGroupAttributes").EnumerateArray()
            .ToDictionary(a => a.GetProperty("Key").GetString()!, a => a.GetProperty("Value").GetString());
        Assert.Equal("true", attributes["preserve_client_ip.enabled"]);
    }

    [Fact]
    public void Lets_health_checks_from_the_vpc_reach_the_sbcs()
    {
        var ingress = fixture.App.Resources(EdgeFixture.Edge, "AWS::EC2::SecurityGroup")
            .SelectMany(g => g.Properties.TryGetProperty("SecurityGroupIngress", out var rules) ? rules.EnumerateArray().ToList() : [])
            .Where(r => r.TryGetProperty("Description", out var d) && d.GetString() == "NLB health checks").ToList();
        var rule = Assert.Single(ingress);
        Assert.Contains("CidrBlock", rule.GetProperty("CidrIp").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_tls_listener_without_a_certificate()
    {
        var (network, pair) = NewPair();
        var error = ValidationAssert.FailsFor(() => new SipLoadBalancer(Stack.Of(network), "Sip", new SipLoadBalancerProps { Network = network, Pairs = [pair] }), "Certificate");
        Assert.Contains("TlsListener = false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_without_tls_when_asked_and_supports_http_health_checks()
    {
        var (network, pair) = NewPair();
        var sip = new SipLoadBalancer(Stack.Of(network), "Sip", new SipLoadBalancerProps
        {
            Network = network,
            Pairs = [pair],
            TlsListener = false,
            CrossZoneEnabled = true,
            HealthCheck = new SipHealthCheck { Protocol = SipHealthCheckProtocol.Http, Port = 8080, Path = "/ready" },
        });
        Assert.Null(sip.TlsListener);
        var template = Template.FromStack(Stack.Of(network));
        template.ResourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["HealthCheckProtocol"] = "HTTP", ["HealthCheckPort"] = "8080", ["HealthCheckPath"] = "/ready",
        }));
    }

    [Fact]
    public void Rejects_no_pairs_and_bad_health_checks()
    {
        var (network, _) = NewPair();
        ValidationAssert.FailsFor(() => new SipLoadBalancer(Stack.Of(network), "Sip", new SipLoadBalancerProps
        {
            Network = network,
            Pairs = [],
            Certificate = ListenerCertificate.FromArn(EdgeFixture.CertificateArn),
            HealthCheck = new SipHealthCheck { Protocol = SipHealthCheckProtocol.Tcp, Port = 0, Path = "health" },
        }), "Pairs", "HealthCheck.Port", "HealthCheck.Path", "HealthCheck.Path");
    }

    private static (RtcNetwork Network, SbcPair Pair) NewPair()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        return (network, new SbcPair(stack, "Pair", new SbcPairProps { Network = network }));
    }
}
