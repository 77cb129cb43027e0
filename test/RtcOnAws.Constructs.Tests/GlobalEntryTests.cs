using Amazon.CDK;
using Amazon.CDK.Assertions;
using RtcOnAws.Constructs.Global;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class GlobalEntryTests(EdgeFixture fixture)
{
    private Template Global => fixture.App.Template(EdgeFixture.Global);

    [Fact]
    public void Has_udp_and_tcp_sip_listeners_with_source_ip_affinity()
    {
        Global.ResourceCountIs("AWS::GlobalAccelerator::Accelerator", 1);
        Global.HasResourceProperties("AWS::GlobalAccelerator::Listener", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Protocol"] = "UDP",
            ["ClientAffinity"] = "SOURCE_IP",
            ["PortRanges"] = new object[] { new Dictionary<string, object> { ["FromPort"] = 5060, ["ToPort"] = 5060 } },
        }));
        Global.HasResourceProperties("AWS::GlobalAccelerator::Listener", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Protocol"] = "TCP",
            ["ClientAffinity"] = "SOURCE_IP",
            ["PortRanges"] = new object[] { new Dictionary<string, object> { ["FromPort"] = 5060, ["ToPort"] = 5061 } },
        }));
    }

    [Fact]
    public void Has_one_endpoint_group_per_region_and_listener_with_the_given_health_check()
    {
        Global.ResourceCountIs("AWS::GlobalAccelerator::EndpointGroup", 4);
        Global.AllResourcesProperties("AWS::GlobalAccelerator::EndpointGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["HealthCheckProtocol"] = "HTTP",
            ["HealthCheckPath"] = "/health",
            ["HealthCheckPort"] = 5060,
            ["HealthCheckIntervalSeconds"] = 30,
            ["ThresholdCount"] = 2,
        }));
        var groups = fixture.App.Resources(EdgeFixture.Global, "AWS::GlobalAccelerator::EndpointGroup").Select(g => g.Properties).ToList();
        var useast = groups.Where(g => g.GetProperty("EndpointGroupRegion").GetString() == "us-east-1").ToList();
        Assert.Equal(2, useast.Count);
        Assert.All(useast, g => Assert.Contains("SipLoadBalancer", g.GetProperty("EndpointConfigurations").GetRawText(), StringComparison.Ordinal));
        var euwest = groups.Where(g => g.GetProperty("EndpointGroupRegion").GetString() == "eu-west-1").ToList();
        Assert.All(euwest, g => Assert.Equal(2, g.GetProperty("EndpointConfigurations").GetArrayLength()));
        Assert.All(euwest, g => Assert.Contains("AllocationId", g.GetProperty("EndpointConfigurations").GetRawText(), StringComparison.Ordinal));
        Assert.All(euwest, g => Assert.Equal(50, g.GetProperty("TrafficDialPercentage").GetInt32()));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(60)]
    public void Rejects_a_health_check_interval_other_than_10_or_30_seconds(double seconds)
    {
        var error = ValidationAssert.FailsFor(() => NewEntry(new GlobalEntryProps
        {
            Regions = [RegionWithPair()],
            HealthCheckInterval = Duration.Seconds(seconds),
        }), "HealthCheckInterval");
        Assert.Contains("10 or 30 seconds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Rejects_a_threshold_outside_1_to_10(double threshold)
    {
        ValidationAssert.FailsFor(() => NewEntry(new GlobalEntryProps { Regions = [RegionWithPair()], HealthCheckThreshold = threshold }), "HealthCheckThreshold");
    }

    [Fact]
    public void Rejects_bad_regions_name_and_port_together()
    {
        ValidationAssert.FailsFor(() => NewEntry(new GlobalEntryProps
        {
            Regions = [new GlobalEntryRegion { Region = "us-east-1" }, RegionWithPair(dial: 150), RegionWithPair()],
            AcceleratorName = "no spaces allowed",
            HealthCheckPort = 70000,
        }), "Regions[0]", "Regions[1].TrafficDialPercentage", "Regions", "AcceleratorName", "HealthCheckPort");
    }

    [Fact]
    public void Rejects_no_regions()
    {
        ValidationAssert.FailsFor(() => NewEntry(new GlobalEntryProps { Regions = [] }), "Regions");
    }

    private static Stack? _stack;

    private static GlobalEntryRegion RegionWithPair(double? dial = null)
    {
        _stack ??= new Stack(SynthesizedApp.NewApp(), "Validation");
        return new GlobalEntryRegion { Region = "eu-west-1", Pairs = [LiteralPairs.Import(_stack, $"Pair{_stack.Node.Children.Length}")], TrafficDialPercentage = dial };
    }

    private static GlobalEntry NewEntry(GlobalEntryProps props) => new(_stack ??= new Stack(SynthesizedApp.NewApp(), "Validation"), $"Entry{_stack.Node.Children.Length}", props);
}
