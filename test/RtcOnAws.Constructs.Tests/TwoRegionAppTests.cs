using System.Text.Json;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class TwoRegionAppTests(TwoRegionAppFixture fixture)
{
    [Fact]
    public void Synthesizes_one_stack_per_region_plus_a_global_stack_in_the_accelerator_region_and_the_route53_alarms_in_us_east_1()
    {
        Assert.Equal(["RtcOnAws-Global", "RtcOnAws-Route53Alarms", "RtcOnAws-eu-west-1", "RtcOnAws-us-east-1"], fixture.App.StackNames.Order(StringComparer.Ordinal));
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.App.App.Outdir, "manifest.json"))).RootElement.GetProperty("artifacts");
        Assert.EndsWith("/us-east-1", manifest.GetProperty("RtcOnAws-us-east-1").GetProperty("environment").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/eu-west-1", manifest.GetProperty("RtcOnAws-eu-west-1").GetProperty("environment").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/us-east-1", manifest.GetProperty("RtcOnAws-Route53Alarms").GetProperty("environment").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/us-west-2", manifest.GetProperty("RtcOnAws-Global").GetProperty("environment").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_region_has_its_own_edge_with_tls_in_the_imported_zone()
    {
        foreach (var region in new[] { "us-east-1", "eu-west-1" })
        {
            var template = fixture.App.Template($"RtcOnAws-{region}");
            template.ResourceCountIs("AWS::EC2::Instance", 4);
            // The SIP NLB (the accelerator's endpoint) and the WebRTC gateway's ALB.
            template.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 2);
            template.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", new Dictionary<string, object> { ["Type"] = "network" });
            template.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Amazon.CDK.Assertions.Match.ObjectLike(new Dictionary<string, object> { ["Type"] = "application" }));
            template.ResourceCountIs("AWS::Route53::HostedZone", 0);
            template.HasResourceProperties("AWS::CertificateManager::Certificate", new Dictionary<string, object>
            {
                ["DomainName"] = "sip.example.org",
                ["DomainValidationOptions"] = new[] { new Dictionary<string, object> { ["DomainName"] = "sip.example.org", ["HostedZoneId"] = TwoRegionAppFixture.HostedZoneId } },
            });
            template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Amazon.CDK.Assertions.Match.ObjectLike(new Dictionary<string, object> { ["Protocol"] = "TLS", ["Port"] = 5061 }));
        }
    }

    [Fact]
    public void Every_pair_bridges_the_webrtc_gateways_calls_and_the_gateway_group_notifies_the_operations_topic()
    {
        foreach (var region in new[] { "us-east-1", "eu-west-1" })
        {
            var stack = $"RtcOnAws-{region}";
            var instances = fixture.App.Resources(stack, "AWS::EC2::Instance").ToList();
            Assert.Equal(4, instances.Count);
            // Each SBC node's Kamailio picks the browser-side rtpengine flags for calls from or to the gateways' subnets.
            Assert.All(instances, instance => Assert.Contains("route(GATEWAY_SIDE);", instance.Properties.GetProperty("UserData").GetRawText(), StringComparison.Ordinal));
            var gatewayTemplate = fixture.App.Resources(stack, "AWS::EC2::LaunchTemplate")
                .Single(t => t.Properties.GetProperty("LaunchTemplateData").TryGetProperty("UserData", out var userData)
                    && userData.GetRawText().Contains("kamailio-websocket-modules", StringComparison.Ordinal));
            var gatewayUserData = SbcTemplate.UserData(gatewayTemplate.Properties.GetProperty("LaunchTemplateData").GetProperty("UserData"));
            // One dispatcher destination per SBC pair of the region, and the domain the pairs serve.
            Assert.Equal(2, SbcTemplate.Between(gatewayUserData, "cat > /etc/rtconaws/dispatcher.list <<'DISPATCHER'\n", "\nDISPATCHER\n").Count);
            Assert.Contains("if ($rd != \"sip.example.org\") {", gatewayUserData, StringComparison.Ordinal);
            fixture.App.Template(stack).HasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Amazon.CDK.Assertions.Match.ObjectLike(new Dictionary<string, object>
            {
                ["NotificationConfigurations"] = Amazon.CDK.Assertions.Match.ArrayWith([Amazon.CDK.Assertions.Match.ObjectLike(new Dictionary<string, object>
                {
                    ["NotificationTypes"] = Amazon.CDK.Assertions.Match.ArrayWith(["autoscaling:EC2_INSTANCE_LAUNCH_ERROR"]),
                })]),
            }));
        }
    }

    [Fact]
    public void Global_stack_spans_both_regions_through_cdk_cross_region_references()
    {
        var global = fixture.App.Template("RtcOnAws-Global");
        global.ResourceCountIs("AWS::GlobalAccelerator::EndpointGroup", 4);
        global.ResourceCountIs("Custom::CrossRegionExportReader", 1);
        var groupRegions = fixture.App.Resources("RtcOnAws-Global", "AWS::GlobalAccelerator::EndpointGroup")
            .Select(g => g.Properties.GetProperty("EndpointGroupRegion").GetString()).Distinct().Order();
        Assert.Equal(["eu-west-1", "us-east-1"], groupRegions);
        var endpoints = fixture.App.Resources("RtcOnAws-Global", "AWS::GlobalAccelerator::EndpointGroup")
            .Select(g => g.Properties.GetProperty("EndpointConfigurations").GetRawText());
        Assert.All(endpoints, e => Assert.Contains("/cdk/exports/RtcOnAws-Global/", e, StringComparison.Ordinal));
        var records = fixture.App.Resources("RtcOnAws-Global", "AWS::Route53::RecordSet").Select(r => r.Properties).ToList();
        var srv = records.Where(r => r.GetProperty("Name").GetString() == "_sip._udp.sip.example.org.").ToList();
        Assert.Equal(4, srv.Count);
        Assert.Contains(srv, r => r.GetProperty("ResourceRecords").GetRawText().Contains("eu-west-1-az2.sip.example.org", StringComparison.Ordinal));
        // TLS terminates at the NLBs behind the accelerator, and the bare domain is the accelerator's alias.
        var sips = Assert.Single(records, r => r.GetProperty("Name").GetString() == "_sips._tcp.sip.example.org.");
        Assert.Equal("10 10 5061 sip.example.org", sips.GetProperty("ResourceRecords")[0].GetString());
        var bare = Assert.Single(records, r => r.GetProperty("Name").GetString() == "sip.example.org.");
        Assert.True(bare.TryGetProperty("AliasTarget", out _));
        // Four AZ checks; no latency records, so no region checks.
        global.ResourceCountIs("AWS::Route53::HealthCheck", 4);
        // The NLB ARNs; the hosted zone is imported by id, so nothing else crosses regions.
        fixture.App.Template("RtcOnAws-us-east-1").ResourceCountIs("Custom::CrossRegionExportWriter", 1);
    }

    [Fact]
    public void No_iam_statement_allows_every_action_or_every_ec2_action()
    {
        var statements = fixture.App.Json.Values.SelectMany(IamStatements.In).ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements.SelectMany(IamStatements.Actions), action =>
        {
            Assert.NotEqual("*", action);
            Assert.False(action.Equals("ec2:*", StringComparison.OrdinalIgnoreCase));
        });
    }
}
