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
    [InlineData("_sip._udp.voice.example.com.", 5060, 5070)]
    [InlineData("_sip._tcp.voice.example.com.", 5060, 5070)]
    [InlineData("_sips._tcp.voice.example.com.", 5061, 5071)]
    public void Publishes_srv_records_with_priority_weight_and_port_per_target(string name, int az1Port, int az2Port)
    {
        var record = Record(name, "SRV");
        Assert.Equal("30", record.GetProperty("TTL").GetString());
        var values = record.GetProperty("ResourceRecords").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Equal([$"1 10 {az1Port} use1-az1.voice.example.com", $"1 20 {az2Port} use1-az2.voice.example.com"], values);
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
        var healthCheckIds = fixture.App.Resources(EdgeFixture.Global, "AWS::Route53::HealthCheck").Select(h => h.Id).ToList();
        Assert.Equal(
            healthCheckIds.Order(),
            latency.Select(r => r.GetProperty("HealthCheckId").GetProperty("Fn::GetAtt")[0].GetString()).Order());

        Global.HasResourceProperties("AWS::Route53::HealthCheck", Match.ObjectLike(new Dictionary<string, object>
        {
            ["HealthCheckConfig"] = new Dictionary<string, object>
            {
                ["Type"] = "TCP", ["IPAddress"] = "198.51.100.10", ["Port"] = 5060, ["RequestInterval"] = 10, ["FailureThreshold"] = 3,
            },
        }));
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
    public void Leaves_out_sips_when_tls_is_excluded()
    {
        var dns = NewDns(includeTls: false);
        Assert.Equal(2, dns.SrvRecords.Count);
        Assert.Empty(dns.LatencyRecords);
    }

    private static SipDns NewDns(Duration? ttl = null, SipAzTarget? target = null, IReadOnlyList<SipRegionTarget>? regions = null, bool? includeTls = null)
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        return new SipDns(stack, "Dns", new SipDnsProps
        {
            HostedZone = new PublicHostedZone(stack, "Zone", new PublicHostedZoneProps { ZoneName = "voice.example.com" }),
            AzTargets = [target ?? new SipAzTarget { Label = "az1", Addresses = ["198.51.100.1"] }],
            RegionTargets = regions,
            Ttl = ttl,
            IncludeTls = includeTls,
        });
    }

    private JsonElement Record(string name, string type) => fixture.App.Resources(EdgeFixture.Global, "AWS::Route53::RecordSet")
        .Single(r => r.Properties.GetProperty("Name").GetString() == name && r.Properties.GetProperty("Type").GetString() == type).Properties;
}
