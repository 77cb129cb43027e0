using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Network;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class WebRtcGatewayTests(EdgeFixture fixture)
{
    private Template Edge => fixture.App.Template(EdgeFixture.Edge);

    [Fact]
    public void Is_an_https_alb_with_a_websocket_friendly_idle_timeout()
    {
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Type"] = "application",
            ["LoadBalancerAttributes"] = Match.ArrayWith([new Dictionary<string, object> { ["Key"] = "idle_timeout.timeout_seconds", ["Value"] = "3600" }]),
        }));
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Port"] = 443,
            ["Protocol"] = "HTTPS",
            ["Certificates"] = new object[] { new Dictionary<string, object> { ["CertificateArn"] = EdgeFixture.CertificateArn } },
        }));
    }

    [Fact]
    public void Sticks_sessions_with_the_load_balancer_cookie()
    {
        Edge.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Protocol"] = "HTTP",
            ["TargetGroupAttributes"] = Match.ArrayWith(
            [
                new Dictionary<string, object> { ["Key"] = "stickiness.enabled", ["Value"] = "true" },
                new Dictionary<string, object> { ["Key"] = "stickiness.type", ["Value"] = "lb_cookie" },
            ]),
        }));
    }

    [Fact]
    public void Scales_an_imdsv2_launch_template_group_across_azs_by_cpu_target()
    {
        Edge.ResourceCountIs("AWS::AutoScaling::LaunchConfiguration", 0);
        Edge.HasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["MinSize"] = "2", ["MaxSize"] = "6", ["HealthCheckType"] = "ELB",
        }));
        var group = fixture.App.Resources(EdgeFixture.Edge, "AWS::AutoScaling::AutoScalingGroup").Single().Properties;
        Assert.Equal(2, group.GetProperty("VPCZoneIdentifier").GetArrayLength());
        Edge.HasResourceProperties("AWS::EC2::LaunchTemplate", Match.ObjectLike(new Dictionary<string, object>
        {
            ["LaunchTemplateData"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["InstanceType"] = "c5.large",
                ["MetadataOptions"] = Match.ObjectLike(new Dictionary<string, object> { ["HttpTokens"] = "required" }),
            }),
        }));
        Edge.HasResourceProperties("AWS::AutoScaling::ScalingPolicy", Match.ObjectLike(new Dictionary<string, object>
        {
            ["PolicyType"] = "TargetTrackingScaling",
            ["TargetTrackingConfiguration"] = Match.ObjectLike(new Dictionary<string, object> { ["TargetValue"] = 60 }),
        }));
    }

    [Fact]
    public void Routes_launching_and_terminating_hooks_to_the_lifecycle_dns_function()
    {
        var transitions = fixture.App.Resources(EdgeFixture.Edge, "AWS::AutoScaling::LifecycleHook")
            .Select(h => h.Properties.GetProperty("LifecycleTransition").GetString()).Order();
        Assert.Equal(["autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING"], transitions);
        var rule = fixture.WebRtcGateway.LifecycleRule;
        Assert.NotNull(rule);
        var properties = fixture.App.Json[EdgeFixture.Edge].GetProperty("Resources")
            .GetProperty(Stack.Of(rule).GetLogicalId((CfnElement)rule.Node.DefaultChild!)).GetProperty("Properties");
        Assert.Equal("aws.autoscaling", properties.GetProperty("EventPattern").GetProperty("source")[0].GetString());
        var dnsFunction = Stack.Of(rule).GetLogicalId((CfnElement)fixture.Failover.LifecycleDnsFunction!.Node.DefaultChild!);
        Assert.Contains(dnsFunction, properties.GetProperty("Targets").GetRawText(), StringComparison.Ordinal);
        var complete = fixture.App.Resources(EdgeFixture.Edge, "AWS::IAM::Policy")
            .SelectMany(p => p.Properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            .Single(s => s.GetProperty("Action").GetRawText().Contains("autoscaling:CompleteLifecycleAction", StringComparison.Ordinal));
        Assert.Contains("autoScalingGroup", complete.GetProperty("Resource").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_bad_capacity_timeouts_and_paths_together()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        ValidationAssert.FailsFor(() => new WebRtcGateway(stack, "WebRtc", new WebRtcGatewayProps
        {
            Network = network,
            Certificate = ListenerCertificate.FromArn(EdgeFixture.CertificateArn),
            MinCapacity = 4,
            MaxCapacity = 3,
            TargetCpuUtilization = 95,
            IdleTimeout = Duration.Seconds(5000),
            StickinessDuration = Duration.Days(8),
            LifecycleHookTimeout = Duration.Seconds(10),
            HealthCheckPath = "health",
            ClientCidrs = ["everyone"],
        }), "MaxCapacity", "TargetCpuUtilization", "IdleTimeout", "StickinessDuration", "LifecycleHookTimeout", "HealthCheckPath", "ClientCidrs");
    }

    [Fact]
    public void Rejects_a_missing_certificate()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        ValidationAssert.FailsFor(() => new WebRtcGateway(stack, "WebRtc", new WebRtcGatewayProps { Network = network, Certificate = null! }), "Certificate");
    }

    [Fact]
    public void Writes_access_logs_as_the_regions_elb_account_in_a_stack_with_a_region()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "WithRegion", new Amazon.CDK.StackProps { Env = new Amazon.CDK.Environment { Region = "eu-west-1" } });
        var gateway = new RtcOnAws.Constructs.Edge.WebRtcGateway(stack, "WebRtc", new RtcOnAws.Constructs.Edge.WebRtcGatewayProps
        {
            Network = new RtcOnAws.Constructs.Network.RtcNetwork(stack, "Network"),
            Certificate = Amazon.CDK.AWS.ElasticLoadBalancingV2.ListenerCertificate.FromArn(EdgeFixture.CertificateArn),
        });
        var template = Amazon.CDK.Assertions.Template.FromStack(stack);
        AssertAccessLogsEnabled(template);
        // eu-west-1's Elastic Load Balancing account (AWS's documented list, CDK's region facts).
        var policy = System.Text.Json.JsonSerializer.Serialize(AccessLogsPolicy(template, stack.GetLogicalId((Amazon.CDK.CfnElement)gateway.AccessLogsBucket.Node.DefaultChild!)));
        Assert.Contains(":iam::156460612806:root", policy, StringComparison.Ordinal);
        Assert.Empty(template.FindMappings("RtcOnAwsElbLogDeliveryAccounts"));
    }

    [Fact]
    public void Writes_access_logs_in_a_stack_without_a_region_through_a_region_mapping_and_the_service_principal()
    {
        // The fixture's stack is environment-agnostic, as the default app's is.
        var stack = Amazon.CDK.Stack.Of(fixture.WebRtcGateway);
        var template = Amazon.CDK.Assertions.Template.FromStack(stack);
        AssertAccessLogsEnabled(template);
        var mappings = template.FindMappings("RtcOnAwsElbLogDeliveryAccounts");
        var accounts = (IDictionary<string, object>)Assert.Single(mappings).Value;
        string Account(string region) => (string)((IDictionary<string, object>)accounts[region])["account"];
        Assert.Equal("127311923021", Account("us-east-1"));
        Assert.Equal("156460612806", Account("eu-west-1"));
        // Regions opened after August 2022 have no ELB account: delivery is by the service principal there.
        Assert.Equal("none", Account("eu-central-2"));

        var policy = System.Text.Json.JsonSerializer.Serialize(AccessLogsPolicy(template, stack.GetLogicalId((Amazon.CDK.CfnElement)fixture.WebRtcGateway.AccessLogsBucket.Node.DefaultChild!)));
        Assert.Contains("logdelivery.elasticloadbalancing.amazonaws.com", policy, StringComparison.Ordinal);
        Assert.Contains("Fn::FindInMap", policy, StringComparison.Ordinal);
        Assert.Contains("webrtc-alb/AWSLogs/", policy, StringComparison.Ordinal);
        Assert.Empty(Amazon.CDK.Assertions.Annotations.FromStack(stack).FindWarning("*", Amazon.CDK.Assertions.Match.StringLikeRegexp("access logs")));
    }

    private static void AssertAccessLogsEnabled(Amazon.CDK.Assertions.Template template) =>
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Amazon.CDK.Assertions.Match.ObjectLike(new Dictionary<string, object>
        {
            ["Type"] = "application",
            ["LoadBalancerAttributes"] = Amazon.CDK.Assertions.Match.ArrayWith([
                new Dictionary<string, object> { ["Key"] = "access_logs.s3.enabled", ["Value"] = "true" },
                new Dictionary<string, object> { ["Key"] = "access_logs.s3.prefix", ["Value"] = "webrtc-alb" },
            ]),
        }));

    private static object AccessLogsPolicy(Amazon.CDK.Assertions.Template template, string bucketLogicalId) =>
        template.FindResources("AWS::S3::BucketPolicy").Values
            .Select(r => (IDictionary<string, object>)((IDictionary<string, object>)r)["Properties"])
            .Single(p => System.Text.Json.JsonSerializer.Serialize(p["Bucket"]).Contains(bucketLogicalId, StringComparison.Ordinal))["PolicyDocument"];
}
