using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.Route53;
using RtcOnAws.Constructs.Operations;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>
/// Every AZ's Route 53 health check pages the operator: from a stack of its own in us-east-1 (the only region with
/// Route 53 metrics) when the global stack is in another region, from the global stack when that is in us-east-1, or,
/// without any region (the app run without the CDK CLI), from the environment-agnostic global stack, created only where
/// it lands in us-east-1. (The default app in eu-west-1, as the CLI runs it: <see cref="ContextJsonAppTests"/>.)
/// </summary>
[Collection(CdkCollection.Name)]
public sealed class Route53HealthAlarmsTests(DefaultAppFixture defaultApp, TwoRegionAppFixture twoRegionApp)
{
    private const string AlarmsStack = "RtcOnAws-Route53Alarms";

    [Fact]
    public void The_two_region_app_alarms_on_every_az_check_from_us_east_1_to_a_topic_there()
    {
        var app = twoRegionApp.App;
        Assert.Equal("us-east-1", app.Stack(AlarmsStack).Region);
        var azChecks = app.Resources("RtcOnAws-Global", "AWS::Route53::HealthCheck")
            .Where(c => c.Properties.GetProperty("HealthCheckConfig").GetProperty("Type").GetString() == "HTTP").ToList();
        // Two regions with two pairs (AZs) each.
        Assert.Equal(4, azChecks.Count);

        var alarms = app.Resources(AlarmsStack, "AWS::CloudWatch::Alarm").Select(a => a.Properties).ToList();
        Assert.Equal(azChecks.Count, alarms.Count);
        var topic = Assert.Single(app.Resources(AlarmsStack, "AWS::SNS::Topic")).Id;
        foreach (var alarm in alarms)
        {
            Assert.Equal("AWS/Route53", alarm.GetProperty("Namespace").GetString());
            Assert.Equal("HealthCheckStatus", alarm.GetProperty("MetricName").GetString());
            Assert.Equal("LessThanThreshold", alarm.GetProperty("ComparisonOperator").GetString());
            Assert.Equal("HealthCheckId", alarm.GetProperty("Dimensions")[0].GetProperty("Name").GetString());
            Assert.Equal(topic, alarm.GetProperty("AlarmActions")[0].GetProperty("Ref").GetString());
        }
        // Each alarm watches a different check, handed over from the global stack (us-west-2).
        Assert.Equal(alarms.Count, alarms.Select(a => a.GetProperty("Dimensions")[0].GetProperty("Value").GetRawText()).Distinct().Count());
        Assert.All(alarms, a => Assert.Contains("az", a.GetProperty("AlarmDescription").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_cli_region_the_default_app_keeps_the_alarms_in_its_global_stack_created_only_in_us_east_1_and_says_so()
    {
        var app = defaultApp.App;
        Assert.DoesNotContain(AlarmsStack, app.StackNames);
        var global = app.Json["RtcOnAws-Global"];
        var condition = global.GetProperty("Conditions").EnumerateObject().Single(c => c.Name.StartsWith("Route53HealthAlarms", StringComparison.Ordinal));
        Assert.Equal("""{"Fn::Equals":[{"Ref":"AWS::Region"},"us-east-1"]}""", JsonSerializer.Serialize(condition.Value));

        var resources = global.GetProperty("Resources").EnumerateObject()
            .Where(r => r.Name.StartsWith("Route53HealthAlarms", StringComparison.Ordinal)).ToList();
        var alarms = resources.Count(r => r.Value.GetProperty("Type").GetString() == "AWS::CloudWatch::Alarm");
        Assert.Equal(app.Resources("RtcOnAws-Global", "AWS::Route53::HealthCheck")
            .Count(c => c.Properties.GetProperty("HealthCheckConfig").GetProperty("Type").GetString() == "HTTP"), alarms);
        Assert.True(alarms > 0);
        Assert.All(resources, r => Assert.Equal(condition.Name, r.Value.GetProperty("Condition").GetString()));
        Amazon.CDK.Assertions.Annotations.FromStack(app.Stack("RtcOnAws-Global")).HasWarning("*", Match.StringLikeRegexp("only if the stack is deployed to us-east-1"));
    }

    [Fact]
    public void The_default_app_for_us_east_1_alarms_from_its_global_stack_unconditionally()
    {
        var root = RtcOnAws.App.RtcApp.FindRepositoryRoot()!;
        using var app = new SynthesizedApp(a => RtcOnAws.App.RtcApp.Build(a, root, "us-east-1"));
        Assert.DoesNotContain(AlarmsStack, app.StackNames);
        Assert.Equal("us-east-1", app.Stack("RtcOnAws-Regional").Region);
        Assert.Equal("us-east-1", app.Stack("RtcOnAws-Global").Region);

        var checks = app.Resources("RtcOnAws-Global", "AWS::Route53::HealthCheck")
            .Where(c => c.Properties.GetProperty("HealthCheckConfig").GetProperty("Type").GetString() == "HTTP").ToList();
        var alarms = app.Resources("RtcOnAws-Global", "AWS::CloudWatch::Alarm").Select(a => a.Properties).ToList();
        Assert.Equal(2, checks.Count);
        Assert.Equal(checks.Count, alarms.Count);
        var topic = Assert.Single(app.Resources("RtcOnAws-Global", "AWS::SNS::Topic")).Id;
        Assert.All(alarms, a => Assert.Equal(topic, a.GetProperty("AlarmActions")[0].GetProperty("Ref").GetString()));
        Assert.Equal(checks.Select(c => c.Id).Order(), alarms.Select(a => a.GetProperty("Dimensions")[0].GetProperty("Value").GetProperty("Fn::GetAtt")[0].GetString()).Order());
        Assert.False(app.Json["RtcOnAws-Global"].TryGetProperty("Conditions", out _));
        Amazon.CDK.Assertions.Annotations.FromStack(app.Stack("RtcOnAws-Global")).HasNoWarning("*", Match.StringLikeRegexp("only if the stack is deployed to us-east-1"));
    }

    [Fact]
    public void Subscribes_the_alarm_email_to_its_own_topic()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Alarms", new StackProps { Env = new Amazon.CDK.Environment { Region = "us-east-1" } });
        _ = new Route53HealthAlarms(stack, "Alarms", new Route53HealthAlarmsProps { HealthChecks = Checks(stack), AlarmEmail = "oncall@example.com" });
        var template = Template.FromStack(stack);
        template.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object> { ["Protocol"] = "email", ["Endpoint"] = "oncall@example.com" });
        template.ResourceCountIs("AWS::CloudWatch::Alarm", 2);
        Assert.Empty(template.FindConditions("*"));
    }

    [Fact]
    public void Refuses_a_stack_outside_us_east_1_no_checks_and_a_bad_email_by_name()
    {
        var elsewhere = new Stack(SynthesizedApp.NewApp(), "Elsewhere", new StackProps { Env = new Amazon.CDK.Environment { Region = "eu-west-1" } });
        ValidationAssert.FailsFor(() => new Route53HealthAlarms(elsewhere, "Alarms", new Route53HealthAlarmsProps
        {
            HealthChecks = new Dictionary<string, CfnHealthCheck>(),
            AlarmEmail = "not-an-address",
            EvaluationMinutes = 0,
        }), "HealthChecks", "stack region", "EvaluationMinutes", "AlarmEmail");
    }

    private static Dictionary<string, CfnHealthCheck> Checks(Stack stack) => new[] { "az1", "az2" }.ToDictionary(
        label => $"{label}.voice.example.com",
        label => new CfnHealthCheck(stack, label, new CfnHealthCheckProps
        {
            HealthCheckConfig = new CfnHealthCheck.HealthCheckConfigProperty { Type = "HTTP", IpAddress = "198.51.100.10", Port = 5060, ResourcePath = "/health" },
        }));
}
