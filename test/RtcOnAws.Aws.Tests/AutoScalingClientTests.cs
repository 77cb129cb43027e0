using System.Net;
using RtcOnAws.Aws.AutoScaling;
using RtcOnAws.Aws.AutoScaling.Model;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>Both Auto Scaling operations of <see cref="AmazonAutoScalingClient"/> against the simulator.</summary>
public sealed class AutoScalingClientTests : IAsyncLifetime
{
    private AwsWireSimulator _sim = null!;
    private AmazonAutoScalingClient _autoScaling = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync();
        _autoScaling = TestClients.AutoScaling(_sim);
    }

    public async Task DisposeAsync()
    {
        _autoScaling.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Heartbeats_then_CONTINUE_complete_the_lifecycle_action()
    {
        var token = _sim.AutoScaling.AddLifecycleAction("sbc", "launch-dns", "i-0123456789abcdef0");

        for (var i = 0; i < 2; i++)
        {
            await _autoScaling.RecordLifecycleActionHeartbeatAsync(new RecordLifecycleActionHeartbeatRequest
            {
                AutoScalingGroupName = "sbc", LifecycleHookName = "launch-dns", LifecycleActionToken = token,
            });
        }
        var response = await _autoScaling.CompleteLifecycleActionAsync(new CompleteLifecycleActionRequest
        {
            AutoScalingGroupName = "sbc", LifecycleHookName = "launch-dns", LifecycleActionToken = token,
            LifecycleActionResult = LifecycleActionResult.Continue,
        });

        Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        Assert.Matches("^[0-9a-f-]{36}$", response.ResponseMetadata.RequestId);
        var action = _sim.AutoScaling.GetLifecycleAction(token);
        Assert.Equal((2, "CONTINUE"), (action.Heartbeats, action.Result));
    }

    [Fact]
    public async Task Completing_an_unknown_action_maps_ValidationError()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _autoScaling.CompleteLifecycleActionAsync(new CompleteLifecycleActionRequest
        {
            AutoScalingGroupName = "sbc", LifecycleHookName = "launch-dns", InstanceId = "i-0000000000000dead",
            LifecycleActionResult = LifecycleActionResult.Abandon,
        }));

        Assert.Equal(("ValidationError", HttpStatusCode.BadRequest, "autoscaling"), (error.ErrorCode, error.StatusCode, error.ServiceName));
        Assert.Contains("i-0000000000000dead", error.ErrorMessage);
        Assert.NotNull(error.RequestId);
    }

    [Fact]
    public async Task An_invalid_result_is_rejected_client_side()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _autoScaling.CompleteLifecycleActionAsync(new CompleteLifecycleActionRequest
        {
            AutoScalingGroupName = "sbc", LifecycleHookName = "launch-dns", InstanceId = "i-1", LifecycleActionResult = "MAYBE",
        }));

        Assert.Contains("LifecycleActionResult", error.Message);
        Assert.Empty(_sim.AwsCalls);
    }
}
