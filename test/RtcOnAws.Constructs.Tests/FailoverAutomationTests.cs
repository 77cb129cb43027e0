using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class FailoverAutomationTests(ConstructsFixture fixture)
{
    private const string StackName = ConstructsFixture.Foundation;

    private Template Foundation => fixture.App.Template(StackName);

    [Fact]
    public void Creates_two_provided_al2023_functions_with_retries_and_a_dead_letter_queue()
    {
        Foundation.ResourceCountIs("AWS::Lambda::Function", 2);
        Foundation.AllResourcesProperties("AWS::Lambda::Function", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Runtime"] = "provided.al2023",
            ["Handler"] = "bootstrap",
            ["Architectures"] = new[] { "x86_64" },
            ["DeadLetterConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["TargetArn"] = Match.AnyValue() }),
        }));
        Foundation.ResourceCountIs("AWS::Lambda::EventInvokeConfig", 2);
        Foundation.AllResourcesProperties("AWS::Lambda::EventInvokeConfig", Match.ObjectLike(new Dictionary<string, object>
        {
            ["MaximumRetryAttempts"] = 2, ["MaximumEventAgeInSeconds"] = 300,
        }));
        Foundation.HasResourceProperties("AWS::SQS::Queue", Match.ObjectLike(new Dictionary<string, object> { ["SqsManagedSseEnabled"] = true }));
    }

    [Fact]
    public void Routes_the_pairs_alarm_state_changes_to_the_failover_function()
    {
        var rule = RuleProperties(fixture.Failover.AlarmStateRule!);
        var pattern = rule.GetProperty("EventPattern");
        Assert.Equal("aws.cloudwatch", pattern.GetProperty("source")[0].GetString());
        Assert.Equal("CloudWatch Alarm State Change", pattern.GetProperty("detail-type")[0].GetString());
        Assert.Equal(8, pattern.GetProperty("resources").GetArrayLength());
        var target = Assert.Single(rule.GetProperty("Targets").EnumerateArray());
        Assert.Contains(LogicalId(fixture.Failover.FloatingIpFailoverFunction), target.GetProperty("Arn").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, target.GetProperty("RetryPolicy").GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.True(target.TryGetProperty("DeadLetterConfig", out _));
    }

    [Fact]
    public void Routes_the_pairs_instance_state_changes_to_the_failover_function_only()
    {
        var rule = RuleProperties(fixture.Failover.InstanceStateRule);
        var pattern = rule.GetProperty("EventPattern");
        Assert.Equal("aws.ec2", pattern.GetProperty("source")[0].GetString());
        Assert.Equal("EC2 Instance State-change Notification", pattern.GetProperty("detail-type")[0].GetString());
        Assert.Equal(4, pattern.GetProperty("detail").GetProperty("instance-id").GetArrayLength());
        var target = Assert.Single(rule.GetProperty("Targets").EnumerateArray());
        Assert.Contains(LogicalId(fixture.Failover.FloatingIpFailoverFunction), target.GetProperty("Arn").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Failover_role_may_move_only_its_pairs_addresses()
    {
        var statements = PolicyStatements(fixture.Failover.FloatingIpFailoverFunction).ToList();
        var assign = Assert.Single(statements, s => s.GetProperty("Action").GetRawText().Contains("ec2:AssignPrivateIpAddresses", StringComparison.Ordinal));
        Assert.DoesNotContain("\"*\"", assign.GetProperty("Resource").GetRawText(), StringComparison.Ordinal);
        var associate = Assert.Single(statements, s => s.GetProperty("Action").GetRawText().Contains("ec2:AssociateAddress", StringComparison.Ordinal));
        Assert.Contains(":elastic-ip/", associate.GetProperty("Resource").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s.GetProperty("Action").GetRawText().Contains("route53", StringComparison.Ordinal));
    }

    [Fact]
    public void Dns_role_may_change_records_only_in_its_hosted_zone()
    {
        var statements = PolicyStatements(fixture.Failover.LifecycleDnsFunction!).ToList();
        var change = Assert.Single(statements, s => s.GetProperty("Action").GetRawText().Contains("route53:ChangeResourceRecordSets", StringComparison.Ordinal));
        Assert.Contains("hostedzone/", change.GetProperty("Resource").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s.GetProperty("Action").GetRawText().Contains("ec2:Assign", StringComparison.Ordinal));
    }

    [Fact]
    public void Passes_zone_domain_address_kind_and_ttl_to_the_dns_function()
    {
        var dns = FunctionEnvironment(fixture.Failover.LifecycleDnsFunction!);
        Assert.True(dns.TryGetProperty(FailoverAutomation.HostedZoneEnvironmentVariable, out var zone));
        Assert.Contains("Ref", zone.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("voice.example.com", dns.GetProperty(FailoverAutomation.DomainEnvironmentVariable).GetString());
        Assert.Equal("private", dns.GetProperty(FailoverAutomation.AddressEnvironmentVariable).GetString());
        Assert.Equal("30", dns.GetProperty(FailoverAutomation.TtlEnvironmentVariable).GetString());
    }

    [Fact]
    public void Defaults_to_the_not_implemented_stand_in_code()
    {
        var code = fixture.App.Resources(StackName, "AWS::Lambda::Function").First().Properties.GetProperty("Code");
        Assert.True(code.TryGetProperty("S3Key", out _));
        var folder = Directory.GetDirectories(Path.GetTempPath(), "rtconaws-not-implemented-*").First();
        var script = File.ReadAllText(Path.Combine(folder, "bootstrap"));
        Assert.Contains("/2018-06-01/runtime/invocation", script, StringComparison.Ordinal);
        Assert.Contains("$api/next", script, StringComparison.Ordinal);
        Assert.Contains("NotImplemented", script, StringComparison.Ordinal);
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(Path.Combine(folder, "bootstrap")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Gives_the_dns_function_time_to_wait_for_route53()
    {
        var timeouts = fixture.App.Resources(StackName, "AWS::Lambda::Function")
            .ToDictionary(f => f.Id, f => f.Properties.GetProperty("Timeout").GetInt32());
        Assert.Equal(30, timeouts[LogicalId(fixture.Failover.FloatingIpFailoverFunction)]);
        Assert.Equal(180, timeouts[LogicalId(fixture.Failover.LifecycleDnsFunction!)]);
    }

    [Fact]
    public void Rejects_no_pairs_and_bad_timeout_memory_retries_age_and_domain()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        ValidationAssert.FailsFor(() => new FailoverAutomation(stack, "Failover", new FailoverAutomationProps
        {
            Pairs = [],
            Timeout = Duration.Seconds(901),
            MemorySizeMiB = 64,
            RetryAttempts = 3,
            MaxEventAge = Duration.Seconds(30),
            LifecycleDnsDomain = "Not A Domain",
            LifecycleDnsTimeout = Duration.Minutes(20),
        }), "Pairs", "Timeout", "MemorySizeMiB", "RetryAttempts", "MaxEventAge", "LifecycleDnsDomain", "LifecycleDnsTimeout");
    }

    [Fact]
    public void Accepts_user_supplied_code()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Byo");
        var network = new RtcNetwork(stack, "Network");
        var pair = new SbcPair(stack, "Pair", new SbcPairProps { Network = network });
        var failover = new FailoverAutomation(stack, "Failover", new FailoverAutomationProps
        {
            Pairs = [pair],
            FloatingIpFailoverCode = Amazon.CDK.AWS.Lambda.Code.FromBucket(Amazon.CDK.AWS.S3.Bucket.FromBucketName(stack, "Bucket", "my-artifacts"), "failover.zip"),
        });
        var template = Template.FromStack(stack);
        template.HasResourceProperties("AWS::Lambda::Function", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Code"] = new Dictionary<string, object> { ["S3Bucket"] = "my-artifacts", ["S3Key"] = "failover.zip" },
        }));
        // No zone to write and no group to follow: the DNS function would serve nothing, so it is not deployed.
        Assert.Null(failover.LifecycleDnsFunction);
        template.ResourceCountIs("AWS::Lambda::Function", 1);
    }

    [Fact]
    public void Dns_role_may_change_only_a_and_srv_records_under_its_own_domain()
    {
        var change = Assert.Single(PolicyStatements(fixture.Failover.LifecycleDnsFunction!),
            s => s.GetProperty("Action").GetRawText().Contains("route53:ChangeResourceRecordSets", StringComparison.Ordinal));
        Assert.Equal("route53:ChangeResourceRecordSets", change.GetProperty("Action").GetString());
        var conditions = change.GetProperty("Condition");
        Assert.Equal("*.voice.example.com", conditions.GetProperty("ForAllValues:StringLike").GetProperty("route53:ChangeResourceRecordSetsNormalizedRecordNames")[0].GetString());
        Assert.Equal(["A", "SRV"], conditions.GetProperty("ForAllValues:StringEquals").GetProperty("route53:ChangeResourceRecordSetsRecordTypes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Tells_the_dns_function_which_srv_records_and_port_to_publish()
    {
        var dns = FunctionEnvironment(fixture.Failover.LifecycleDnsFunction!);
        Assert.Equal("_sip._udp,_sip._tcp", dns.GetProperty(FailoverAutomation.SrvServicesEnvironmentVariable).GetString());
        Assert.Equal("5060", dns.GetProperty(FailoverAutomation.SipPortEnvironmentVariable).GetString());

        var stack = new Stack(SynthesizedApp.NewApp(), "TcpOnly");
        var network = new RtcNetwork(stack, "Network");
        var zone = new Amazon.CDK.AWS.Route53.PublicHostedZone(stack, "Zone", new Amazon.CDK.AWS.Route53.PublicHostedZoneProps { ZoneName = "example.net" });
        _ = new FailoverAutomation(stack, "Failover", new FailoverAutomationProps
        {
            Pairs = [new SbcPair(stack, "Pair", new SbcPairProps { Network = network })],
            HostedZone = zone,
            LifecycleDnsSrvServices = ["_sip._tcp"],
            LifecycleDnsSipPort = 5080,
        });
        Template.FromStack(stack).HasResourceProperties("AWS::Lambda::Function", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = Match.ObjectLike(new Dictionary<string, object> { ["RTCONAWS_SRV_SERVICES"] = "_sip._tcp", ["RTCONAWS_SIP_PORT"] = "5080" }),
            },
        }));
    }

    [Fact]
    public void Rejects_srv_services_that_are_no_srv_labels_and_a_bad_port()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "BadSrv");
        var network = new RtcNetwork(stack, "Network");
        ValidationAssert.FailsFor(() => new FailoverAutomation(stack, "Failover", new FailoverAutomationProps
        {
            Pairs = [new SbcPair(stack, "Pair", new SbcPairProps { Network = network })],
            LifecycleDnsSrvServices = ["sip.udp"],
            LifecycleDnsSipPort = 0,
        }), "LifecycleDnsSrvServices", "LifecycleDnsSipPort");
    }

    private JsonElement RuleProperties(Amazon.CDK.AWS.Events.Rule rule) =>
        fixture.App.Json[StackName].GetProperty("Resources").GetProperty(LogicalId(rule)).GetProperty("Properties");

    private JsonElement FunctionEnvironment(Amazon.CDK.AWS.Lambda.Function function) =>
        fixture.App.Json[StackName].GetProperty("Resources").GetProperty(LogicalId(function)).GetProperty("Properties")
            .GetProperty("Environment").GetProperty("Variables");

    private IEnumerable<JsonElement> PolicyStatements(Amazon.CDK.AWS.Lambda.Function function)
    {
        var roleId = LogicalId(function.Role!);
        return fixture.App.Resources(StackName, "AWS::IAM::Policy")
            .Where(p => p.Properties.GetProperty("Roles").GetRawText().Contains($"\"{roleId}\"", StringComparison.Ordinal))
            .SelectMany(p => p.Properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray());
    }

    private static string LogicalId(global::Constructs.IConstruct construct) =>
        Stack.Of(construct).GetLogicalId((CfnElement)construct.Node.DefaultChild!);
}
