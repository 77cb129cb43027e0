using System.Net;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.Aws.AutoScaling;
using RtcOnAws.Aws.AutoScaling.Model;
using RtcOnAws.Aws.Route53.Model;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>Throttling and 5xx are retried with backoff until success, the attempt limit or the deadline.</summary>
public sealed class RetryAndDeadlineTests : IAsyncLifetime
{
    private AwsWireSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await TestSimulator.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    /// <summary>A heartbeat for a lifecycle action the simulator holds open.</summary>
    private RecordLifecycleActionHeartbeatRequest Heartbeat() => new()
    {
        AutoScalingGroupName = "asg", LifecycleHookName = "hook", LifecycleActionToken = _sim.AutoScaling.AddLifecycleAction("asg", "hook", "i-1"),
    };

    [Fact]
    public async Task AutoScaling_survives_25_Throttling_in_a_row_then_succeeds()
    {
        var heartbeat = Heartbeat();
        _sim.Faults.ThrottleNext(25, "RecordLifecycleActionHeartbeat");
        using var autoScaling = TestClients.AutoScaling(_sim);

        await autoScaling.RecordLifecycleActionHeartbeatAsync(heartbeat);

        var calls = _sim.AwsCalls;
        Assert.Equal(26, calls.Count);
        Assert.All(calls.Take(25), c => Assert.Equal(("Throttling", 400), (c.ErrorCode, c.StatusCode)));
        Assert.Null(calls[^1].ErrorCode);
        Assert.Equal(1, _sim.AutoScaling.GetLifecycleAction(heartbeat.LifecycleActionToken!).Heartbeats);
    }

    [Fact]
    public async Task Route53_retries_Throttling_and_PriorRequestNotComplete()
    {
        var zone = _sim.Route53.AddHostedZone("example.net");
        _sim.Faults.ThrottleNext(20, "ChangeResourceRecordSets");
        _sim.Faults.ThrottleNext(3, "ChangeResourceRecordSets", "PriorRequestNotComplete");
        using var route53 = TestClients.Route53(_sim);

        await route53.ChangeResourceRecordSetsAsync(new ChangeResourceRecordSetsRequest
        {
            HostedZoneId = zone,
            ChangeBatch = new ChangeBatch { Changes = [new Change(ChangeAction.Upsert, new ResourceRecordSet { Name = "a.example.net", Type = "A", TTL = 30, ResourceRecords = [new("10.0.1.10")] })] },
        });

        Assert.Equal(24, _sim.AwsCalls.Count);
        Assert.Equal(3, _sim.AwsCalls.Count(c => c.ErrorCode == "PriorRequestNotComplete"));
        Assert.NotNull(_sim.Route53.FindRecordSet(zone, "a.example.net", "A"));
    }

    [Fact]
    public async Task AutoScaling_retries_5xx_then_succeeds()
    {
        var token = _sim.AutoScaling.AddLifecycleAction("asg", "hook", "i-1");
        _sim.Faults.FailNext(3, HttpStatusCode.InternalServerError);
        _sim.Faults.FailNext(2, HttpStatusCode.ServiceUnavailable);
        using var autoScaling = TestClients.AutoScaling(_sim);

        await autoScaling.CompleteLifecycleActionAsync(new CompleteLifecycleActionRequest
        {
            AutoScalingGroupName = "asg", LifecycleHookName = "hook", LifecycleActionToken = token, LifecycleActionResult = "CONTINUE",
        });

        Assert.Equal(["InternalFailure", "InternalFailure", "InternalFailure", "ServiceUnavailable", "ServiceUnavailable", null],
            _sim.AwsCalls.Select(c => c.ErrorCode));
        Assert.Equal("CONTINUE", _sim.AutoScaling.GetLifecycleAction(token).Result);
    }

    [Fact]
    public async Task Endless_throttling_ends_in_AwsDeadlineExceededException_carrying_the_last_error()
    {
        _sim.Faults.ThrottleNext(100_000);
        var time = new FakeTimeProvider();
        using var autoScaling = new AmazonAutoScalingClient(TestClients.OnFakeClock(_sim.Url, time, callTimeout: TimeSpan.FromSeconds(10), tick: TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<AwsDeadlineExceededException>(() => autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat()));

        Assert.Equal(("autoscaling", "RecordLifecycleActionHeartbeat"), (error.ServiceName, error.Operation));
        Assert.True(error.Attempts >= 2, $"expected retries before the deadline, got {error.Attempts} attempt(s)");
        Assert.Equal(error.Attempts, _sim.AwsCalls.Count);
        Assert.All(_sim.AwsCalls, c => Assert.Equal("Throttling", c.ErrorCode));
        var last = Assert.IsType<AwsServiceException>(error.InnerException);
        Assert.Equal("Throttling", last.ErrorCode);
        Assert.IsNotType<AwsServiceException>(error);
    }

    [Fact]
    public async Task A_slow_answer_past_the_deadline_is_a_deadline_error_not_a_cancellation()
    {
        var time = new FakeTimeProvider();
        var transport = new HangingHandler();
        using var http = new HttpClient(transport) { Timeout = Timeout.InfiniteTimeSpan };
        using var autoScaling = new AmazonAutoScalingClient(TestClients.OnFakeClock(_sim.Url, time, callTimeout: TimeSpan.FromSeconds(5), tick: TimeSpan.Zero, http));

        var call = autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat());
        await transport.RequestSent;
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted, "the attempt was cut off before its deadline");
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AwsDeadlineExceededException>(() => call);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, transport.Requests);
    }

    [Fact]
    public async Task The_ambient_AwsDeadline_tightens_the_call_timeout()
    {
        _sim.Faults.ThrottleNext(100_000);
        var time = new FakeTimeProvider();
        using var autoScaling = new AmazonAutoScalingClient(TestClients.OnFakeClock(_sim.Url, time, callTimeout: TimeSpan.FromMinutes(10), tick: TimeSpan.FromSeconds(1)));

        AwsDeadlineExceededException error;
        using (AwsDeadline.Until(time.GetUtcNow().AddSeconds(6)))
        {
            error = await Assert.ThrowsAsync<AwsDeadlineExceededException>(() => autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat()));
        }

        // Two clock reads per attempt at one second each: six seconds allow a handful, ten minutes some three hundred.
        Assert.InRange(error.Attempts, 1, 6);
        Assert.Null(AwsDeadline.Current);
    }

    [Fact]
    public async Task An_exhausted_attempt_budget_rethrows_the_last_service_error()
    {
        _sim.Faults.ThrottleNext(100);
        using var autoScaling = TestClients.AutoScaling(_sim, TestClients.FastRetry(maxAttempts: 4));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat()));

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(4, _sim.AwsCalls.Count);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        using var autoScaling = TestClients.AutoScaling(_sim);

        await Assert.ThrowsAsync<AwsServiceException>(() => autoScaling.RecordLifecycleActionHeartbeatAsync(new RecordLifecycleActionHeartbeatRequest
        {
            AutoScalingGroupName = "asg", LifecycleHookName = "hook", LifecycleActionToken = "no-such-token",
        }));

        Assert.Single(_sim.AwsCalls);
    }

    [Fact]
    public async Task Caller_cancellation_surfaces_as_OperationCanceledException()
    {
        var transport = new HangingHandler();
        using var http = new HttpClient(transport) { Timeout = Timeout.InfiniteTimeSpan };
        using var autoScaling = new AmazonAutoScalingClient(TestClients.OnFakeClock(_sim.Url, new FakeTimeProvider(), callTimeout: TimeSpan.FromMinutes(1), tick: TimeSpan.Zero, http));
        using var cancel = new CancellationTokenSource();

        var call = autoScaling.RecordLifecycleActionHeartbeatAsync(Heartbeat(), cancel.Token);
        await transport.RequestSent;
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<AwsDeadlineExceededException>(error);
        Assert.Equal(1, transport.Requests);
    }

    [Fact]
    public async Task Connection_failures_are_retried_until_the_deadline()
    {
        var url = _sim.Url;
        var heartbeat = Heartbeat();
        await _sim.DisposeAsync();
        var time = new FakeTimeProvider();
        using var autoScaling = new AmazonAutoScalingClient(TestClients.OnFakeClock(url, time, callTimeout: TimeSpan.FromSeconds(10), tick: TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<AwsDeadlineExceededException>(() => autoScaling.RecordLifecycleActionHeartbeatAsync(heartbeat));

        Assert.True(error.Attempts >= 2, $"expected retries before the deadline, got {error.Attempts} attempt(s)");
        Assert.IsType<HttpRequestException>(error.InnerException);
        _sim = await TestSimulator.StartAsync();
    }
}
