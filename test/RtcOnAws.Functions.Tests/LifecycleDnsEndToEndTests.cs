using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.AwsSimulator;
using RtcOnAws.AwsSimulator.Route53;
using Xunit;

namespace RtcOnAws.Functions.Tests;

/// <summary>
/// The published LifecycleDns bootstrap against the local Runtime API and the AWS simulator. The simulator's clock is a
/// <see cref="FakeTimeProvider"/>: when a Route 53 change goes INSYNC is decided by the test, not by elapsed time.
/// </summary>
public sealed class LifecycleDnsEndToEndTests : IAsyncLifetime
{
    private const string ZoneId = "Z0RTCONAWSTEST";
    private const string Domain = "sip.example.com";
    private const string InstanceId = "i-1234567890abcdef0";
    private const string Token = "87654321-4321-4321-4321-210987654321";
    private const string ZoneARecord = "us-east-1a.sip.example.com.";
    private const string SrvUdp = "_sip._udp.sip.example.com.";
    private readonly FakeTimeProvider _clock = new();
    private AwsWireSimulator _aws = null!;
    private FunctionProcess _function = null!;

    public async Task InitializeAsync()
    {
        _aws = await AwsWireSimulator.StartAsync(new AwsSimulatorOptions { TimeProvider = _clock });
        _aws.Route53.AddHostedZone(Domain, ZoneId);
        _aws.Ec2.AddInstance("subnet-a", "10.0.1.20", instanceId: InstanceId, availabilityZone: "us-east-1a");
        _aws.Ec2.AddInstance("subnet-a", "10.0.1.5", instanceId: "i-0aaaaaaaaaaaaaaa1", availabilityZone: "us-east-1a");
        _aws.Ec2.AddInstance("subnet-b", "10.0.2.7", instanceId: "i-0bbbbbbbbbbbbbbb1", availabilityZone: "us-east-1b");
        _aws.Route53.PutRecordSet(ZoneId, new SimRecordSet(ZoneARecord, "A", 30, ["10.0.1.5"]));
        _aws.Route53.PutRecordSet(ZoneId, new SimRecordSet("us-east-1b.sip.example.com.", "A", 30, ["10.0.2.7"]));
        _function = await StartFunctionAsync(heartbeatSeconds: 30);
    }

    public async Task DisposeAsync()
    {
        await _function.DisposeAsync();
        await _aws.DisposeAsync();
    }

    private Task<FunctionProcess> StartFunctionAsync(int heartbeatSeconds, int changeAttempts = 20) =>
        FunctionProcess.StartAsync(PublishedBootstrap.LifecycleDns, _aws.Url, new Dictionary<string, string>
        {
            ["RTCONAWS_HOSTED_ZONE_ID"] = ZoneId,
            ["RTCONAWS_DNS_DOMAIN"] = Domain,
            ["RTCONAWS_HEARTBEAT_SECONDS"] = heartbeatSeconds.ToString(CultureInfo.InvariantCulture),
            ["RTCONAWS_CHANGE_POLL_MS"] = "100",
            ["RTCONAWS_DNS_CHANGE_ATTEMPTS"] = changeAttempts.ToString(CultureInfo.InvariantCulture),
        });

    private IReadOnlyList<string> Values(string name, string type) =>
        _aws.Route53.FindRecordSet(ZoneId, name, type)?.Values.Order(StringComparer.Ordinal).ToList() ?? [];

    private int Calls(string action) => _aws.AwsCalls.Count(c => c.Action == action && c.StatusCode == 200);

    [Fact]
    public async Task Launch_adds_the_address_to_its_zone_record_updates_srv_and_continues()
    {
        _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", InstanceId, Token);

        var result = await _function.InvokeAsync(Fixture.Load("lifecycle-launch.json"));

        Assert.False(result.IsError, result.Body);
        Assert.Equal(["10.0.1.20", "10.0.1.5"], Values(ZoneARecord, "A"));
        Assert.Equal(["10 10 5060 us-east-1a.sip.example.com.", "10 10 5060 us-east-1b.sip.example.com."], Values(SrvUdp, "SRV"));
        Assert.Equal(Values(SrvUdp, "SRV"), Values("_sip._tcp.sip.example.com.", "SRV"));
        Assert.Equal(30, _aws.Route53.FindRecordSet(ZoneId, ZoneARecord, "A")!.Ttl);
        Assert.Equal("CONTINUE", _aws.AutoScaling.GetLifecycleAction(Token).Result);
        Assert.Equal("CONTINUE", result.Json.GetProperty("completed").GetString());
    }

    [Fact]
    public async Task Duplicate_launch_changes_nothing_and_reports_the_action_already_completed()
    {
        _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", InstanceId, Token);
        await _function.InvokeAsync(Fixture.Load("lifecycle-launch.json"));
        var changesBefore = Calls("ChangeResourceRecordSets");

        var again = await _function.InvokeAsync(Fixture.Load("lifecycle-launch.json"));

        Assert.False(again.IsError, again.Body);
        Assert.Equal("already-completed", again.Json.GetProperty("completed").GetString());
        Assert.Equal(changesBefore, Calls("ChangeResourceRecordSets"));
        Assert.Equal(["10.0.1.20", "10.0.1.5"], Values(ZoneARecord, "A"));
    }

    [Fact]
    public async Task Terminate_removes_the_address_first_then_continues()
    {
        _aws.Route53.PutRecordSet(ZoneId, new SimRecordSet(ZoneARecord, "A", 30, ["10.0.1.20", "10.0.1.5"]));
        _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", InstanceId, Token);

        var result = await _function.InvokeAsync(Fixture.Load("lifecycle-terminate.json"));

        Assert.False(result.IsError, result.Body);
        Assert.Equal(["10.0.1.5"], Values(ZoneARecord, "A"));
        Assert.Equal("CONTINUE", _aws.AutoScaling.GetLifecycleAction(Token).Result);
        var removal = _aws.AwsCalls.ToList().FindIndex(c => c.Action == "ChangeResourceRecordSets");
        var completion = _aws.AwsCalls.ToList().FindIndex(c => c.Action == "CompleteLifecycleAction");
        Assert.InRange(removal, 0, completion - 1);
    }

    [Fact]
    public async Task Terminating_the_last_instance_of_a_zone_deletes_its_record_and_its_srv_target()
    {
        _aws.Route53.PutRecordSet(ZoneId, new SimRecordSet(ZoneARecord, "A", 30, ["10.0.1.20"]));
        _aws.Route53.PutRecordSet(ZoneId, new SimRecordSet(SrvUdp, "SRV", 30, ["10 10 5060 us-east-1a.sip.example.com.", "10 10 5060 us-east-1b.sip.example.com."]));
        _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", InstanceId, Token);

        var result = await _function.InvokeAsync(Fixture.Load("lifecycle-terminate.json"));

        Assert.False(result.IsError, result.Body);
        Assert.Null(_aws.Route53.FindRecordSet(ZoneId, ZoneARecord, "A"));
        Assert.Equal(["10 10 5060 us-east-1b.sip.example.com."], Values(SrvUdp, "SRV"));
    }

    [Fact]
    public async Task Late_launch_after_termination_does_not_publish_a_dead_address()
    {
        _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", InstanceId, Token);
        await _function.InvokeAsync(Fixture.Load("lifecycle-terminate.json"));
        _aws.Ec2.SetInstanceState(InstanceId, "terminated");

        var late = await _function.InvokeAsync(Fixture.Load("lifecycle-launch.json"));

        Assert.False(late.IsError, late.Body);
        Assert.Equal(["10.0.1.5"], Values(ZoneARecord, "A"));
        Assert.Equal("already-completed", late.Json.GetProperty("completed").GetString());
    }

    [Fact]
    public async Task Slow_propagation_is_covered_by_heartbeats_before_completion()
    {
        await _function.DisposeAsync();
        _function = await StartFunctionAsync(heartbeatSeconds: 1);
        _aws.Route53.ChangeInsyncDelay = TimeSpan.FromHours(1);
        _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", InstanceId, Token);

        var invocation = _function.InvokeAsync(Fixture.Load("lifecycle-launch.json"));
        // The change stays PENDING on the simulator's clock until the function has both polled it and sent a heartbeat.
        await _aws.WaitForCallAsync(c => c.Action == "GetChange" && c.StatusCode == 200);
        await _aws.WaitForCallAsync(c => c.Action == "RecordLifecycleActionHeartbeat" && c.StatusCode == 200);
        Assert.Null(_aws.AutoScaling.GetLifecycleAction(Token).Result);
        _clock.Advance(TimeSpan.FromHours(1));
        var result = await invocation;

        Assert.False(result.IsError, result.Body);
        var action = _aws.AutoScaling.GetLifecycleAction(Token);
        Assert.Equal("CONTINUE", action.Result);
        Assert.True(action.Heartbeats >= 1, $"expected heartbeats while waiting for INSYNC, saw {action.Heartbeats}");
        Assert.True(Calls("GetChange") >= 2, "the function must wait for INSYNC before completing");
    }

    [Fact]
    public async Task Concurrent_launches_and_terminations_in_one_zone_end_with_exactly_the_right_addresses()
    {
        // Twelve function instances (Lambda runs one event per instance) handle six launches and six terminations in
        // us-east-1a at once. The simulator holds their first record writes until all twelve have arrived, so every
        // repetition has all of them read the same record and then collide: one batch wins, eleven are rejected and must
        // re-read and retry. Whatever the interleaving after that, the record must end as exactly the expected set.
        const int Launches = 6, Terminations = 6, Repetitions = 20;
        var launching = Enumerable.Range(0, Launches).Select(i => (Id: $"i-0c0000000000000{i:x2}", Ip: $"10.0.1.{100 + i}")).ToList();
        var terminating = Enumerable.Range(0, Terminations).Select(i => (Id: $"i-0d0000000000000{i:x2}", Ip: $"10.0.1.{200 + i}")).ToList();
        foreach (var (id, ip) in launching.Concat(terminating))
        {
            _aws.Ec2.AddInstance("subnet-a", ip, instanceId: id, availabilityZone: "us-east-1a");
        }

        var functions = new List<FunctionProcess>();
        try
        {
            for (var i = 0; i < Launches + Terminations; i++)
            {
                functions.Add(await StartFunctionAsync(heartbeatSeconds: 30));
            }

            for (var repetition = 0; repetition < Repetitions; repetition++)
            {
                _aws.Route53.PutRecordSet(ZoneId, new SimRecordSet(ZoneARecord, "A", 30, ["10.0.1.5", .. terminating.Select(t => t.Ip)]));
                var rejectedBefore = _aws.AwsCalls.Count(c => c.ErrorCode == "InvalidChangeBatch");
                var events = launching.Select(l => (l.Id, Fixture: "lifecycle-launch.json"))
                    .Concat(terminating.Select(t => (t.Id, Fixture: "lifecycle-terminate.json")))
                    .Select(e => (e.Id, e.Fixture, Token: _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", e.Id)))
                    .ToList();
                var collided = _aws.Faults.GatherNext(events.Count, "ChangeResourceRecordSets");

                var results = await Task.WhenAll(events.Select((e, i) =>
                    functions[i].InvokeAsync(Fixture.Load(e.Fixture, (InstanceId, e.Id), (Token, e.Token)))));

                Assert.True(collided.IsCompleted, $"repetition {repetition}: the twelve first writes were not gathered");
                Assert.All(results, r => Assert.False(r.IsError, $"repetition {repetition}: {r.Body}"));
                Assert.Equal(launching.Select(l => l.Ip).Append("10.0.1.5").Order(StringComparer.Ordinal), Values(ZoneARecord, "A"));
                Assert.Equal(["10 10 5060 us-east-1a.sip.example.com.", "10 10 5060 us-east-1b.sip.example.com."], Values(SrvUdp, "SRV"));
                Assert.All(events, e => Assert.Equal("CONTINUE", _aws.AutoScaling.GetLifecycleAction(e.Token).Result));
                Assert.True(_aws.AwsCalls.Count(c => c.ErrorCode == "InvalidChangeBatch") - rejectedBefore >= events.Count - 1,
                    $"repetition {repetition}: eleven of the twelve gathered batches must have been rejected");
            }
        }
        finally
        {
            foreach (var function in functions)
            {
                await function.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_record_that_never_stops_changing_fails_the_invocation_after_the_attempt_bound()
    {
        await _function.DisposeAsync();
        _function = await StartFunctionAsync(heartbeatSeconds: 30, changeAttempts: 3);
        _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", InstanceId, Token);
        var competingWrites = 0;
        // Another writer commits a new value set just before each of this function's batches.
        _aws.Route53.BeforeEachChangeBatch = () => _aws.Route53.PutRecordSet(ZoneId,
            new SimRecordSet(ZoneARecord, "A", 30, ["10.0.1.5", $"10.0.9.{++competingWrites}"]));

        var result = await _function.InvokeAsync(Fixture.Load("lifecycle-launch.json"));

        Assert.True(result.IsError, result.Body);
        Assert.Equal("RecordSetConflictException", result.ErrorTypeHeader);
        Assert.Contains($"{ZoneARecord} A kept changing under concurrent writers; gave up after 3 rejected change batch(es)",
            result.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, _aws.AwsCalls.Count(c => c.ErrorCode == "InvalidChangeBatch"));
        Assert.DoesNotContain("10.0.1.20", Values(ZoneARecord, "A"));
        Assert.Null(_aws.AutoScaling.GetLifecycleAction(Token).Result);
    }

    private static string StateChange(string state) =>
        Fixture.Load("instance-state-change.json", ("\"state\":\"pending\"", $"\"state\":\"{state}\""));

    [Fact]
    public async Task A_stopped_instance_is_withdrawn_without_touching_any_lifecycle_action()
    {
        _aws.Route53.PutRecordSet(ZoneId, new SimRecordSet(ZoneARecord, "A", 30, ["10.0.1.20", "10.0.1.5"]));
        _aws.Ec2.SetInstanceState(InstanceId, "stopped");

        var result = await _function.InvokeAsync(StateChange("stopped"));

        Assert.False(result.IsError, result.Body);
        Assert.Equal(["10.0.1.5"], Values(ZoneARecord, "A"));
        Assert.Equal("not-a-lifecycle-action", result.Json.GetProperty("completed").GetString());
        Assert.Equal(0, Calls("CompleteLifecycleAction"));
    }

    [Fact]
    public async Task An_auto_scaling_instance_running_again_is_republished_but_a_plain_instance_is_not()
    {
        var plain = await _function.InvokeAsync(StateChange("running"));
        Assert.False(plain.IsError, plain.Body);
        Assert.Equal(["10.0.1.5"], Values(ZoneARecord, "A"));

        _aws.Ec2.SetTag(InstanceId, "aws:autoscaling:groupName", "my-asg");
        var scaled = await _function.InvokeAsync(StateChange("running"));

        Assert.False(scaled.IsError, scaled.Body);
        Assert.Equal(["10.0.1.20", "10.0.1.5"], Values(ZoneARecord, "A"));
    }

    [Fact]
    public async Task Without_a_hosted_zone_lifecycle_actions_still_complete_and_no_record_is_touched()
    {
        await _function.DisposeAsync();
        _function = await FunctionProcess.StartAsync(PublishedBootstrap.LifecycleDns, _aws.Url, new Dictionary<string, string>
        {
            ["RTCONAWS_HOSTED_ZONE_ID"] = "",
            ["RTCONAWS_DNS_DOMAIN"] = "",
        });
        _aws.AutoScaling.AddLifecycleAction("my-asg", "my-lifecycle-hook", InstanceId, Token);

        var result = await _function.InvokeAsync(Fixture.Load("lifecycle-launch.json"));

        Assert.False(result.IsError, result.Body);
        Assert.Equal("CONTINUE", _aws.AutoScaling.GetLifecycleAction(Token).Result);
        Assert.DoesNotContain(_aws.AwsCalls, c => c.Service == "route53");
    }

    public static TheoryData<string, string> BadEvents => new()
    {
        { "not JSON", "this is not json" },
        { "JSON array", "[1,2,3]" },
        { "unknown detail-type", Fixture.Load("lifecycle-launch.json", ("EC2 Instance-launch Lifecycle Action", "EC2 Instance Launch Successful")) },
        { "lifecycle event from a foreign source", Fixture.Load("lifecycle-launch.json", ("\"source\": \"aws.autoscaling\"", "\"source\": \"my.app\"")) },
        { "unknown instance state", Fixture.Load("instance-state-change.json", ("\"state\":\"pending\"", "\"state\":\"melted\"")) },
        { "detail is a string", Fixture.Load("instance-state-change.json", ("\"detail\":{", "\"detail\":\"x\",\"unused\":{")) },
        { "transition does not match detail-type", Fixture.Load("lifecycle-launch.json", ("autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING")) },
        { "unknown transition", Fixture.Load("lifecycle-launch.json", ("autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_REBOOTING")) },
        { "bad instance id", Fixture.Load("lifecycle-launch.json", ("i-1234567890abcdef0", "not-an-instance")) },
        { "missing hook name", Fixture.Load("lifecycle-launch.json", ("\"LifecycleHookName\": \"my-lifecycle-hook\",", "")) },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task Bad_input_is_an_invocation_error_and_makes_no_aws_call(string scenario, string payload)
    {
        var result = await _function.InvokeAsync(payload);

        Assert.True(result.IsError, $"{scenario}: {result.Body}");
        Assert.Equal("InvalidEventException", result.ErrorTypeHeader);
        Assert.Equal("InvalidEventException", result.Json.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrWhiteSpace(result.Json.GetProperty("errorMessage").GetString()));
        Assert.Empty(_aws.AwsCalls);
        Assert.False(_function.HasExited, "a bad event must not end the process");
    }

    [Fact]
    public async Task Missing_configuration_is_reported_as_an_init_error()
    {
        await using var misconfigured = await FunctionProcess.StartAsync(PublishedBootstrap.LifecycleDns, _aws.Url, new Dictionary<string, string>
        {
            ["RTCONAWS_HOSTED_ZONE_ID"] = ZoneId,
        });

        var error = await misconfigured.RuntimeApi.InitError.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("RTCONAWS_DNS_DOMAIN", error.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }
}
