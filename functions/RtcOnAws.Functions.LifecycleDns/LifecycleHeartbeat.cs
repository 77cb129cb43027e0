using RtcOnAws.Aws;
using RtcOnAws.Aws.AutoScaling;
using RtcOnAws.Aws.AutoScaling.Model;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>
/// Keeps the lifecycle action alive while DNS work runs (RecordLifecycleActionHeartbeat every interval), so a slow
/// Route 53 propagation never lets the hook time out into its default result.
/// </summary>
internal sealed class LifecycleHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private int _count;

    public LifecycleHeartbeat(IAmazonAutoScaling autoScaling, LifecycleAction action, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = RunAsync(autoScaling, action, interval, time, _stop.Token);
    }

    public int Count => Volatile.Read(ref _count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(IAmazonAutoScaling autoScaling, LifecycleAction action, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await autoScaling.RecordLifecycleActionHeartbeatAsync(new RecordLifecycleActionHeartbeatRequest
                {
                    AutoScalingGroupName = action.AutoScalingGroupName,
                    LifecycleHookName = action.LifecycleHookName,
                    LifecycleActionToken = action.LifecycleActionToken,
                    InstanceId = action.InstanceId,
                }, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _count);
            }
            catch (AwsException e)
            {
                // A missed heartbeat only shortens the hook's timeout; the DNS work itself must go on.
                FunctionLog.Write(time, json =>
                {
                    json.WriteString("level", "warn");
                    json.WriteString("event", "lifecycle-heartbeat-failed");
                    json.WriteString("instanceId", action.InstanceId);
                    json.WriteString("error", e.Message);
                });
            }
        }
    }
}
