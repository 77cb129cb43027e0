using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Operations;
using RtcOnAws.Constructs.Sbc;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class OperationsTests(DefaultAppFixture fixture)
{
    private const string Stack = "RtcOnAws-Regional";

    private IEnumerable<(string Id, JsonElement Properties)> Alarms => fixture.App.Resources(Stack, "AWS::CloudWatch::Alarm");

    [Fact]
    public void Every_alarm_but_ec2_recovery_notifies_the_topic_and_nobody_is_subscribed_by_default()
    {
        var (topicId, _) = Assert.Single(fixture.App.Resources(Stack, "AWS::SNS::Topic"));
        Assert.Empty(fixture.App.Resources(Stack, "AWS::SNS::Subscription"));
        var alarms = Alarms.ToList();
        Assert.True(alarms.Count >= 30, $"{alarms.Count} alarms");
        foreach (var (id, properties) in alarms)
        {
            var actions = properties.GetProperty("AlarmActions").GetRawText();
            if (actions.Contains(":automate:", StringComparison.Ordinal))
            {
                continue; // EC2 auto-recovery acts by itself.
            }
            Assert.Contains($"\"Ref\":\"{topicId}\"", actions.Replace(" ", ""), StringComparison.Ordinal);
            Assert.Contains($"\"Ref\":\"{topicId}\"", properties.GetProperty("OKActions").GetRawText().Replace(" ", ""), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("RtcOnAws/MediaNode", "Heartbeat", 4)]
    [InlineData("AWS/EC2", "StatusCheckFailed", 4)]
    [InlineData("RtcOnAws/MediaNode", "medianode_ha_transitions_total", 4)]
    [InlineData("RtcOnAws/MediaNode", "medianode_ng_commands_total", 4)]
    [InlineData("AWS/Lambda", "Errors", 1)]
    [InlineData("AWS/Lambda", "Throttles", 1)]
    [InlineData("AWS/SQS", "ApproximateNumberOfMessagesVisible", 1)]
    [InlineData("AWS/ElastiCache", "EngineCPUUtilization", 2)]
    [InlineData("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", 2)]
    [InlineData("AWS/ElastiCache", "ReplicationLag", 1)]
    public void Alarms_watch_each_signal_an_operator_acts_on(string metricNamespace, string metric, int count)
    {
        var matching = Alarms.Where(a => a.Properties.TryGetProperty("MetricName", out var name) && name.GetString() == metric
            && a.Properties.GetProperty("Namespace").GetString() == metricNamespace).ToList();
        Assert.Equal(count, matching.Count);
    }

    [Fact]
    public void Packet_loss_is_dropped_packets_other_than_hostile_or_fenced_over_received()
    {
        var loss = Alarms.Where(a => a.Properties.TryGetProperty("Metrics", out _)).ToList();
        Assert.Equal(4, loss.Count);
        var text = loss[0].Properties.GetProperty("Metrics").GetRawText();
        Assert.Contains("medianode_packets_received_total", text, StringComparison.Ordinal);
        Assert.Contains("\"no_peer\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("strict_source", text, StringComparison.Ordinal);
        Assert.DoesNotContain("fenced", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_region_has_a_dashboard_with_calls_packets_roles_failovers_and_sip_replies()
    {
        var (_, dashboard) = Assert.Single(fixture.App.Resources(Stack, "AWS::CloudWatch::Dashboard"));
        var body = dashboard.GetProperty("DashboardBody").GetRawText();
        foreach (var metric in new[] { "medianode_calls", "medianode_packets_relayed_total", "medianode_packets_dropped_total", "medianode_ha_role", "medianode_ha_transitions_total", "rcv_replies_4xx", "RtcOnAws/Sip", "EngineCPUUtilization" })
        {
            Assert.Contains(metric, body, StringComparison.Ordinal);
        }
        Assert.False(dashboard.TryGetProperty("DashboardName", out _));
    }

    [Fact]
    public void Nodes_ship_metrics_and_logs_with_the_cloudwatch_agent_and_open_shells_only_through_session_manager()
    {
        var instances = fixture.App.Resources(Stack, "AWS::EC2::Instance").ToList();
        var logGroups = fixture.App.Resources(Stack, "AWS::Logs::LogGroup").ToList();
        Assert.All(logGroups, g => Assert.True(g.Properties.GetProperty("RetentionInDays").GetInt32() > 0));
        foreach (var (id, properties) in instances)
        {
            Assert.False(properties.TryGetProperty("KeyName", out _), "no SSH key pair");
            Assert.True(properties.GetProperty("Monitoring").GetBoolean(), "detailed monitoring");
            var userData = SbcTemplate.UserData(fixture.App, Stack, id);
            // Debian nodes: AWS's agent package from the region's bucket, not dnf.
            Assert.Contains("/debian/amd64/latest/amazon-cloudwatch-agent.deb", userData, StringComparison.Ordinal);
            Assert.Contains("dpkg -i -E /tmp/amazon-cloudwatch-agent.deb", userData, StringComparison.Ordinal);
            Assert.DoesNotContain("dnf ", userData, StringComparison.Ordinal);
            Assert.Contains("job_name: media-node", userData, StringComparison.Ordinal);
            Assert.Contains("rtconaws-journal-export@rtconaws-media-node.service rtconaws-journal-export@rtconaws-kamailio.service rtconaws-sip-stats.timer", userData, StringComparison.Ordinal);
            Assert.Contains("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s", userData, StringComparison.Ordinal);
            // The agent writes into the pair's own log groups.
            Assert.Equal(3, logGroups.Count(g => userData.Contains($"<Ref:{g.Id}>", StringComparison.Ordinal)));
        }
        Assert.DoesNotContain(fixture.App.Resources(Stack, "AWS::EC2::SecurityGroup").SelectMany(g =>
            g.Properties.TryGetProperty("SecurityGroupIngress", out var rules) ? rules.EnumerateArray() : Enumerable.Empty<JsonElement>()),
            rule => rule.TryGetProperty("FromPort", out var port) && port.GetInt32() <= 22 && rule.GetProperty("ToPort").GetInt32() >= 22);

        var statements = IamStatements.In(fixture.App.Json[Stack]).ToList();
        Assert.Contains(statements, s => IamStatements.Actions(s).Contains("ssmmessages:OpenDataChannel"));
        var shipping = statements.Where(s => IamStatements.Actions(s).Contains("logs:PutLogEvents")).ToList();
        Assert.NotEmpty(shipping);
        Assert.All(shipping, s => Assert.DoesNotContain("\"*\"", s.GetProperty("Resource").GetRawText(), StringComparison.Ordinal));
    }

    [Fact]
    public void An_alarm_email_subscribes_and_a_bad_one_is_rejected()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Ops");
        var network = new RtcNetwork(stack, "Network");
        var pair = new SbcPair(stack, "Pair", new SbcPairProps { Network = network });
        _ = new RtcOperations(stack, "Operations", new RtcOperationsProps { Pairs = [pair], AlarmEmail = "oncall@example.org" });
        Template.FromStack(stack).HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object>
        {
            ["Protocol"] = "email", ["Endpoint"] = "oncall@example.org", ["TopicArn"] = Match.AnyValue(),
        });
        ValidationAssert.FailsFor(() => new RtcOperations(stack, "Bad", new RtcOperationsProps { Pairs = [], AlarmEmail = "oncall at example.org" }), "Pairs", "AlarmEmail");
    }
}
