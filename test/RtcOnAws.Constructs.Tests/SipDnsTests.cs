using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.Route53;
using RtcOnAws.Constructs.Dns;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class SipDnsTests(EdgeFixture fixture)
{
    private Template Global => fixture.App.Template(EdgeFixture.Global);

    [Theory]
    [InlineData("_sip._udp.voice.example.com.")]
    [InlineData("_sip._tcp.voice.example.com.")]
    public void Publishes_one_health_checked_multivalue_srv_value_per_az(string name)
    {
        var sets = Records(name, "SRV").ToList();
        Assert.Equal(["use1-az1", "use1-az2"], sets.Select(r => r.GetProperty("SetIdentifier").GetString()).Order());
        Assert.All(sets, r => Assert.True(r.GetProperty("MultiValueAnswer").GetBoolean()));
        Assert.All(sets, r => Assert.Equal("30", r.GetProperty("TTL").GetString()));
        var values = sets.OrderBy(r => r.GetProperty("SetIdentifier").GetString()).Select(r => Assert.Single(r.GetProperty("ResourceRecords").EnumerateArray()).GetString()).ToList();
        Assert.Equal(["1 10 5060 use1-az1.voice.example.com", "1 20 5070 use1-az2.voice.example.com"], values);
        // Each AZ's value is withdrawn by that AZ's own check.
        var azChecks = fixture.SipDns.AzHealthChecks.Select(c => Stack.Of(c).GetLogicalId(c)).ToList();
        Assert.Equal(azChecks, sets.OrderBy(r => r.GetProperty("SetIdentifier").GetString()).Select(r => r.GetProperty("HealthCheckId").GetProperty("Fn::GetAtt")[0].GetString()));
    }

    [Fact]
    public void Checks_each_azs_health_answer_on_its_sip_port_and_public_address_or_a_bare_tcp_connect_when_asked()
    {
        var configs = fixture.SipDns.AzHealthChecks
            .Select(c => fixture.App.Json[EdgeFixture.Global].GetProperty("Resources").GetProperty(Stack.Of(c).GetLogicalId(c)).GetProperty("Properties").GetProperty("HealthCheckConfig"))
            .ToList();
        // Default: Kamailio's HTTP answer on SIP TCP, which reads unhealthy on a standby or fenced node.
        Assert.Equal(["HTTP", "TCP"], configs.Select(c => c.GetProperty("Type").GetString()));
        Assert.Equal("/health", configs[0].GetProperty("ResourcePath").GetString());
        Assert.False(configs[1].TryGetProperty("ResourcePath", out _));
        Assert.Equal(["198.51.100.10", "198.51.100.20"], configs.Select(c => c.GetProperty("IPAddress").GetString()));
        Assert.Equal([5060, 5070], configs.Select(c => c.GetProperty("Port").GetInt32()));
        Assert.All(configs, c => Assert.Equal(10, c.GetProperty("RequestInterval").GetInt32()));
    }

    [Fact]
    public void Names_where_tls_terminates_in_sips_and_nothing_else()
    {
        var sips = Assert.Single(Records("_sips._tcp.voice.example.com.", "SRV"));
        Assert.Equal("10 10 5061 tls.voice.example.com", Assert.Single(sips.GetProperty("ResourceRecords").EnumerateArray()).GetString());
        var withoutTls = NewDns();
        Assert.DoesNotContain(withoutTls.SrvRecords, r => ((CfnRecordSet)r.Node.DefaultChild!).Name.StartsWith("_sips", StringComparison.Ordinal));
    }

    [Fact]
    public void Publishes_one_a_record_per_az_with_that_azs_addresses()
    {
        var az1 = Record("use1-az1.voice.example.com.", "A");
        Assert.Equal(["198.51.100.10", "198.51.100.11"], az1.GetProperty("ResourceRecords").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("30", az1.GetProperty("TTL").GetString());
        Assert.Equal(["198.51.100.20"], Record("use1-az2.voice.example.com.", "A").GetProperty("ResourceRecords").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Publishes_latency_records_per_region_with_health_checks()
    {
        var latency = fixture.App.Resources(EdgeFixture.Global, "AWS::Route53::RecordSet")
            .Where(r => r.Properties.GetProperty("Name").GetString() == "voice.example.com." && r.Properties.TryGetProperty("Region", out _))
            .Select(r => r.Properties).ToList();
        Assert.Equal(["eu-west-1", "us-east-1"], latency.Select(r => r.GetProperty("Region").GetString()).Order());
        Assert.All(latency, r => Assert.Equal(r.GetProperty("Region").GetString(), r.GetProperty("SetIdentifier").GetString()));
        var regionChecks = fixture.SipDns.HealthChecks.Select(c => Stack.Of(c).GetLogicalId(c)).ToList();
        Assert.Equal(
            regionChecks.Order(),
            latency.Select(r => r.GetProperty("HealthCheckId").GetProperty("Fn::GetAtt")[0].GetString()).Order());

        // us-east-1 serves while either of its AZs does.
        var azChecks = fixture.SipDns.AzHealthChecks.Select(c => Stack.Of(c).GetLogicalId(c)).ToList();
        var calculated = fixture.App.Json[EdgeFixture.Global].GetProperty("Resources").GetProperty(regionChecks[0]).GetProperty("Properties").GetProperty("HealthCheckConfig");
        Assert.Equal("CALCULATED", calculated.GetProperty("Type").GetString());
        Assert.Equal(1, calculated.GetProperty("HealthThreshold").GetInt32());
        Assert.Equal(azChecks, calculated.GetProperty("ChildHealthChecks").EnumerateArray().Select(c => c.GetProperty("Fn::GetAtt")[0].GetString()));
        Global.HasResourceProperties("AWS::Route53::HealthCheck", Match.ObjectLike(new Dictionary<string, object>
        {
            ["HealthCheckConfig"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Type"] = "CLOUDWATCH_METRIC",
                ["AlarmIdentifier"] = new Dictionary<string, object> { ["Name"] = "eu-west-1-sbc-heartbeat", ["Region"] = "eu-west-1" },
            }),
        }));
    }

    [Fact]
    public void Sets_a_short_ttl_on_every_record()
    {
        var ttls = fixture.App.Resources(EdgeFixture.Global, "AWS::Route53::RecordSet").Select(r => int.Parse(r.Properties.GetProperty("TTL").GetString()!)).ToList();
        Assert.NotEmpty(ttls);
        Assert.All(ttls, ttl => Assert.InRange(ttl, 1, 60));
    }

    [Theory]
    [InlineData(1800)]
    [InlineData(301)]
    public void Rejects_a_ttl_that_is_too_long(double seconds)
    {
        var error = ValidationAssert.FailsFor(() => NewDns(ttl: Duration.Seconds(seconds)), "Ttl");
        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Rejects_an_srv_weight_outside_0_to_65535(double weight)
    {
        var error = ValidationAssert.FailsFor(() => NewDns(target: new SipAzTarget { Label = "az1", Addresses = ["198.51.100.1"], Weight = weight }), "AzTargets[0].Weight");
        Assert.Contains("0 to 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_bad_labels_priorities_ports_and_health_checks_together()
    {
        ValidationAssert.FailsFor(() => NewDns(
            target: new SipAzTarget { Label = "Bad_Label", Addresses = [], Priority = 70000, SipPort = 0 },
            regions:
            [
                new SipRegionTarget { Region = "us-east-1", Addresses = ["10.0.0.5"] },
                new SipRegionTarget
                {
                    Region = "eu-west-1",
                    Addresses = ["198.51.100.1"],
                    HealthCheck = new SipDnsHealthCheck { AlarmName = "a", RequestInterval = Duration.Seconds(20), FailureThreshold = 11 },
                },
            ]),
            "AzTargets[0].Label", "AzTargets[0].Addresses", "AzTargets[0].Priority", "AzTargets[0].SipPort",
            "RegionTargets[0].HealthCheck.IpAddress", "RegionTargets[1].HealthCheck.AlarmRegion",
            "RegionTargets[1].HealthCheck.RequestInterval", "RegionTargets[1].HealthCheck.FailureThreshold");
    }

    [Fact]
    public void Rejects_a_private_health_check_address_and_a_tls_port_without_host()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "PrivateAz");
        ValidationAssert.FailsFor(() => new SipDns(stack, "Dns", new SipDnsProps
        {
            HostedZone = new PublicHostedZone(stack, "Zone", new PublicHostedZoneProps { ZoneName = "voice.example.com" }),
            AzTargets = [new SipAzTarget { Label = "az1", Addresses = ["198.51.100.1"], HealthCheckAddress = "10.0.0.1" }],
            TlsPort = 5062,
            HealthCheckInterval = Duration.Seconds(15),
        }), "AzTargets[0].HealthCheckAddress", "TlsPort", "HealthCheckInterval");
    }

    private static SipDns NewDns(Duration? ttl = null, SipAzTarget? target = null, IReadOnlyList<SipRegionTarget>? regions = null)
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        return new SipDns(stack, "Dns", new SipDnsProps
        {
            HostedZone = new PublicHostedZone(stack, "Zone", new PublicHostedZoneProps { ZoneName = "voice.example.com" }),
            AzTargets = [target ?? new SipAzTarget { Label = "az1", Addresses = ["198.51.100.1"] }],
            RegionTargets = regions,
            Ttl = ttl,
        });
    }

    private IEnumerable<JsonElement> Records(string name, string type) => fixture.App.Resources(EdgeFixture.Global, "AWS::Route53::RecordSet")
        .Where(r => r.Properties.GetProperty("Name").GetString() == name && r.Properties.GetProperty("Type").GetString() == type).Select(r => r.Properties);

    private JsonElement Record(string name, string type) => fixture.App.Resources(EdgeFixture.Global, "AWS::Route53::RecordSet")
        .Single(r => r.Properties.GetProperty("Name").GetString() == name && r.Properties.GetProperty("Type").GetString() == type).Properties;
}
