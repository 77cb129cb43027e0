using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Functions.Tests;

/// <summary>
/// The published FloatingIpFailover bootstrap against the local Runtime API and the AWS simulator, whose clock is a
/// <see cref="FakeTimeProvider"/>: when an asynchronous remap becomes visible is decided by the test.
/// </summary>
public sealed class FloatingIpFailoverEndToEndTests : IAsyncLifetime
{
    // The owner carries the instance id of the AWS documentation's example alarm, so the fixture is used verbatim.
    private const string Owner = "i-12345678901234567";
    private const string Peer = "i-0feed0000000000b2";
    private const string FloatingIp = "10.0.1.100";
    private const string CrossA = "i-0c0055a000000000a";
    private const string CrossB = "i-0c0055b000000000b";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private AwsWireSimulator _aws = null!;
    private FunctionProcess _function = null!;
    private string _peerEni = "";
    private string _ownerEni = "";
    private string _allocationId = "";

    public async Task InitializeAsync()
    {
        _aws = await AwsWireSimulator.StartAsync(new AwsSimulatorOptions { TimeProvider = _clock });
        _aws.Ec2.AddSubnet("subnet-a", "us-east-1a", "10.0.1.0/24");
        _aws.Ec2.AddSubnet("subnet-b", "us-east-1b", "10.0.2.0/24");
        var samePair = new Dictionary<string, string> { ["rtconaws:pair"] = "sbc-1", ["rtconaws:floating-ip"] = FloatingIp };
        _ownerEni = _aws.Ec2.AddInstance("subnet-a", "10.0.1.10", samePair, instanceId: Owner).NetworkInterfaceIds[0];
        _peerEni = _aws.Ec2.AddInstance("subnet-a", "10.0.1.11", samePair, instanceId: Peer).NetworkInterfaceIds[0];
        _aws.Ec2.AddSecondaryPrivateIp(_ownerEni, FloatingIp);

        _allocationId = _aws.Ec2.AllocateAddress("203.0.113.10");
        var crossPair = new Dictionary<string, string> { ["rtconaws:pair"] = "sbc-2", ["rtconaws:floating-eip"] = _allocationId };
        var crossEni = _aws.Ec2.AddInstance("subnet-a", "10.0.1.20", crossPair, instanceId: CrossA).NetworkInterfaceIds[0];
        var crossBEni = _aws.Ec2.AddInstance("subnet-b", "10.0.2.20", crossPair, instanceId: CrossB).NetworkInterfaceIds[0];
        _aws.Ec2.AddSecondaryPrivateIp(crossBEni, "10.0.2.21");
        _aws.Ec2.AssociateAddress(_allocationId, crossEni);

        _aws.Ec2.AddInstance("subnet-a", "10.0.1.30", instanceId: "i-0100e00000000000c");
        _function = await FunctionProcess.StartAsync(PublishedBootstrap.FloatingIpFailover, _aws.Url, new Dictionary<string, string>
        {
            ["RTCONAWS_ANTI_FLAP_SECONDS"] = "600",
            ["RTCONAWS_REMAP_POLL_MS"] = "50",
        });
    }

    public async Task DisposeAsync()
    {
        await _function.DisposeAsync();
        await _aws.DisposeAsync();
    }

    private static string Alarm(string instanceId, string state = "ALARM") =>
        Fixture.Load("alarm-state-change.json", ("i-12345678901234567", instanceId), ("\"value\": \"ALARM\"", $"\"value\": \"{state}\""));

    private static string StateChange(string instanceId, string state) =>
        Fixture.Load("instance-state-change.json", ("i-1234567890abcdef0\",\n      \"state\":\"pending\"", $"{instanceId}\",\n      \"state\":\"{state}\""));

    private int Calls(string action) => _aws.AwsCalls.Count(c => c.Action == action);

    private static string Decision(InvocationResult result) => result.Json.GetProperty("decision").GetString()!;

    [Fact]
    public async Task Alarm_on_the_owner_moves_the_floating_address_to_the_peer()
    {
        var result = await _function.InvokeAsync(Fixture.Load("alarm-state-change.json"));

        Assert.False(result.IsError, result.Body);
        Assert.Equal("OwnerFailed", Decision(result));
        Assert.True(result.Json.GetProperty("moved").GetBoolean());
        Assert.Equal(Peer, result.Json.GetProperty("to").GetString());
        Assert.Equal("SameSubnet", result.Json.GetProperty("scope").GetString());
        Assert.Equal(_peerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
        Assert.DoesNotContain(FloatingIp, _aws.Ec2.GetNetworkInterface(_ownerEni).SecondaryPrivateIpAddresses);
        foreach (var node in new[] { Owner, Peer })
        {
            var tags = _aws.Ec2.GetInstance(node).Tags;
            Assert.True(DateTimeOffset.TryParse(tags["rtconaws:last-failover"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _));
            Assert.StartsWith("OwnerFailed ", tags["rtconaws:last-decision"], StringComparison.Ordinal);
        }

        Assert.StartsWith("ALARM ServerCpuTooHigh", _aws.Ec2.GetInstance(Owner).Tags["rtconaws:health"], StringComparison.Ordinal);
        var metric = Assert.Single(_function.JsonLines(), l => l.TryGetProperty("event", out var e) && e.GetString() == "failover-decision");
        Assert.Equal("RtcOnAws/Failover", metric.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal(1, metric.GetProperty("Moves").GetInt32());
        Assert.Equal("sbc-1", metric.GetProperty("Pair").GetString());
    }

    [Fact]
    public async Task The_same_event_twice_moves_nothing_the_second_time()
    {
        await _function.InvokeAsync(Fixture.Load("alarm-state-change.json"));
        var assignsAfterFirst = Calls("AssignPrivateIpAddresses");

        var second = await _function.InvokeAsync(Fixture.Load("alarm-state-change.json"));

        Assert.False(second.IsError, second.Body);
        Assert.Equal("NotOwner", Decision(second));
        Assert.False(second.Json.GetProperty("moved").GetBoolean());
        Assert.Equal(1, assignsAfterFirst);
        Assert.Equal(assignsAfterFirst, Calls("AssignPrivateIpAddresses"));
        Assert.Equal(_peerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
    }

    [Fact]
    public async Task Failure_of_the_node_that_does_not_own_the_address_moves_nothing()
    {
        var result = await _function.InvokeAsync(Alarm(Peer));

        Assert.False(result.IsError, result.Body);
        Assert.Equal("NotOwner", Decision(result));
        Assert.Equal(_ownerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
        Assert.Equal(0, Calls("AssignPrivateIpAddresses"));
    }

    [Fact]
    public async Task Both_unhealthy_changes_nothing_and_says_why_when_the_peer_is_stopped()
    {
        _aws.Ec2.SetInstanceState(Peer, "stopped");

        var result = await _function.InvokeAsync(Fixture.Load("alarm-state-change.json"));

        Assert.False(result.IsError, result.Body);
        Assert.Equal("BothUnhealthy", Decision(result));
        Assert.Contains($"{Peer} is not running", result.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(_ownerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
        Assert.Equal(0, Calls("AssignPrivateIpAddresses"));
    }

    [Fact]
    public async Task Both_unhealthy_changes_nothing_when_the_peer_alarmed_first()
    {
        var standby = await _function.InvokeAsync(Alarm(Peer));
        Assert.Equal("NotOwner", Decision(standby));

        var result = await _function.InvokeAsync(Fixture.Load("alarm-state-change.json"));

        Assert.Equal("BothUnhealthy", Decision(result));
        Assert.Contains($"{Peer} is running but unhealthy", result.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(_ownerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
    }

    [Fact]
    public async Task A_stopped_owner_reported_by_ec2_state_change_loses_the_address()
    {
        _aws.Ec2.SetInstanceState(Owner, "stopped");

        var result = await _function.InvokeAsync(StateChange(Owner, "stopped"));

        Assert.False(result.IsError, result.Body);
        Assert.Equal("OwnerFailed", Decision(result));
        Assert.Equal(_peerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
    }

    [Fact]
    public async Task A_terminated_owner_hands_the_address_to_the_survivor()
    {
        _aws.Ec2.SetInstanceState(Owner, "terminated");

        var result = await _function.InvokeAsync(StateChange(Owner, "terminated"));

        Assert.False(result.IsError, result.Body);
        Assert.True(result.Json.GetProperty("moved").GetBoolean(), result.Body);
        Assert.Equal(_peerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
    }

    [Fact]
    public async Task The_move_is_confirmed_only_once_the_asynchronous_remap_is_visible()
    {
        _aws.Ec2.RemapDelay = TimeSpan.FromSeconds(1.5);

        var invocation = _function.InvokeAsync(Fixture.Load("alarm-state-change.json"));
        // Calls are matched in arrival order: the first DescribeNetworkInterfaces after the assignment is a confirmation poll.
        var assigned = false;
        await _aws.WaitForCallAsync(c =>
        {
            assigned |= c.Action == "AssignPrivateIpAddresses";
            return assigned && c.Action == "DescribeNetworkInterfaces";
        });
        Assert.True(_aws.Ec2.IsRemapPending(FloatingIp), "the remap stays pending until the simulator's clock moves");
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        var result = await invocation;

        Assert.True(result.Json.GetProperty("moved").GetBoolean(), result.Body);
        Assert.False(_aws.Ec2.IsRemapPending(FloatingIp));
        Assert.Equal(_peerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
        Assert.True(Calls("DescribeNetworkInterfaces") >= 2, "the function must poll until the remap shows");
    }

    [Fact]
    public async Task Failing_back_inside_the_anti_flap_window_is_refused()
    {
        await _function.InvokeAsync(Fixture.Load("alarm-state-change.json"));
        await _function.InvokeAsync(Alarm(Owner, "OK"));

        var result = await _function.InvokeAsync(Alarm(Peer));

        Assert.Equal("AntiFlapWindow", Decision(result));
        Assert.Equal(_peerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
    }

    [Fact]
    public async Task Recovery_never_fails_back()
    {
        await _function.InvokeAsync(Fixture.Load("alarm-state-change.json"));

        var result = await _function.InvokeAsync(Alarm(Owner, "OK"));

        Assert.Equal("RecoveryIgnored", Decision(result));
        Assert.Equal(_peerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
        Assert.StartsWith("OK ServerCpuTooHigh", _aws.Ec2.GetInstance(Owner).Tags["rtconaws:health"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Direct_invoke_moves_an_elastic_ip_across_availability_zones()
    {
        var result = await _function.InvokeAsync("""{"pair":"sbc-2","reason":"maintenance of us-east-1a"}""");

        Assert.False(result.IsError, result.Body);
        Assert.Equal("ManualMove", Decision(result));
        Assert.Equal("CrossSubnet", result.Json.GetProperty("scope").GetString());
        var address = _aws.Ec2.GetAddress(_allocationId);
        Assert.Equal(CrossB, address.InstanceId);
        Assert.Equal("10.0.2.21", address.PrivateIpAddress);
        Assert.Equal(1, Calls("AssociateAddress"));
    }

    [Fact]
    public async Task An_instance_outside_any_pair_is_ignored_without_changes()
    {
        var result = await _function.InvokeAsync(Alarm("i-0100e00000000000c"));

        Assert.False(result.IsError, result.Body);
        Assert.Equal("Ignored", Decision(result));
        Assert.All(_aws.AwsCalls, c => Assert.Equal("DescribeInstances", c.Action));
    }

    [Fact]
    public async Task Insufficient_data_is_ignored()
    {
        var result = await _function.InvokeAsync(Alarm(Owner, "INSUFFICIENT_DATA"));

        Assert.Equal("Ignored", Decision(result));
        Assert.Equal(_ownerEni, _aws.Ec2.OwnerOfPrivateIp(FloatingIp));
    }

    public static TheoryData<string, string> BadEvents => new()
    {
        { "not JSON", "{\"detail-type\": " },
        { "JSON string", "\"failover please\"" },
        { "empty object", "{}" },
        { "unknown detail-type", Fixture.Load("alarm-state-change.json", ("CloudWatch Alarm State Change", "CloudWatch Alarm Configuration Change")) },
        { "alarm event from a foreign source", Fixture.Load("alarm-state-change.json", ("\"source\": \"aws.cloudwatch\"", "\"source\": \"my.app\"")) },
        { "alarm without instance dimension", Fixture.Load("alarm-state-change.json", ("\"InstanceId\": \"i-12345678901234567\"", "\"AutoScalingGroupName\": \"sbc\"")) },
        { "unknown alarm state", Fixture.Load("alarm-state-change.json", ("\"value\": \"ALARM\"", "\"value\": \"BROKEN\"")) },
        { "detail is not an object", Fixture.Load("instance-state-change.json", ("\"detail\":{", "\"detail\":[{"), ("\"pending\"\n   }", "\"pending\"\n   }]")) },
        { "unknown instance state", StateChange(Owner, "exploded") },
        { "instance id is not an instance id", StateChange("eni-0123", "stopped") },
        { "direct invoke with empty pair", """{"pair":"","reason":"x"}""" },
        { "direct invoke with pair of wrong type", """{"pair":42}""" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task Bad_input_is_an_invocation_error_and_makes_no_aws_call(string scenario, string payload)
    {
        var result = await _function.InvokeAsync(payload);

        Assert.True(result.IsError, $"{scenario}: {result.Body}");
        Assert.Equal("InvalidEventException", result.ErrorTypeHeader);
        var error = result.Json;
        Assert.Equal("InvalidEventException", error.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("errorMessage").GetString()));
        Assert.Equal(JsonValueKind.Array, error.GetProperty("stackTrace").ValueKind);
        Assert.Empty(_aws.AwsCalls);
        Assert.False(_function.HasExited, "a bad event must not end the process");
    }
}
