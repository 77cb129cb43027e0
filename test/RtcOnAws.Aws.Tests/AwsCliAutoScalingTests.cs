using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>The real AWS CLI v2 drives the simulator's Auto Scaling lifecycle-action API.</summary>
public sealed class AwsCliAutoScalingTests : IAsyncLifetime
{
    private AwsWireSimulator _sim = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync();
        _cli = new AwsCli(_sim);
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task Heartbeat_then_complete_with_continue_is_recorded()
    {
        var token = _sim.AutoScaling.AddLifecycleAction("sbc-asg", "dns-hook", "i-0123456789abcdef0");

        await _cli.RunAsync("autoscaling", "record-lifecycle-action-heartbeat",
            "--auto-scaling-group-name", "sbc-asg", "--lifecycle-hook-name", "dns-hook", "--lifecycle-action-token", token);
        await _cli.RunAsync("autoscaling", "complete-lifecycle-action",
            "--auto-scaling-group-name", "sbc-asg", "--lifecycle-hook-name", "dns-hook",
            "--lifecycle-action-token", token, "--lifecycle-action-result", "CONTINUE");

        var action = _sim.AutoScaling.GetLifecycleAction(token);
        Assert.Equal(1, action.Heartbeats);
        Assert.Equal("CONTINUE", action.Result);
    }

    [Fact]
    public async Task Completing_by_instance_id_works_and_a_second_completion_is_a_ValidationError()
    {
        var token = _sim.AutoScaling.AddLifecycleAction("sbc-asg", "dns-hook", "i-0aaaaaaaaaaaaaaa1");

        await _cli.RunAsync("autoscaling", "complete-lifecycle-action",
            "--auto-scaling-group-name", "sbc-asg", "--lifecycle-hook-name", "dns-hook",
            "--instance-id", "i-0aaaaaaaaaaaaaaa1", "--lifecycle-action-result", "ABANDON");
        var (exitCode, _, stderr) = await _cli.RunRawAsync("autoscaling", "complete-lifecycle-action",
            "--auto-scaling-group-name", "sbc-asg", "--lifecycle-hook-name", "dns-hook",
            "--lifecycle-action-token", token, "--lifecycle-action-result", "CONTINUE");

        Assert.Equal("ABANDON", _sim.AutoScaling.GetLifecycleAction(token).Result);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("ValidationError", stderr);
        Assert.Contains("No active Lifecycle Action", stderr);
    }
}
