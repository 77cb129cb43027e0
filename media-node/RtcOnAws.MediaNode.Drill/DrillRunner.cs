using System.Diagnostics;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>
/// The failover drill: N calls through the active node, two-way RTP on every call, SIGKILL of the active mid-stream,
/// the standby takes over (lease, floating address, already-bound ports), and every call's loss and longest silence.
/// </summary>
public static class DrillRunner
{
    /// <summary>Runs the drill and returns its report. Everything it created is gone when it returns or throws.</summary>
    public static async Task<DrillReport> RunAsync(DrillSettings settings, int calls, TimeSpan beforeKill, TimeSpan afterKill, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(calls, (settings.PortMax - settings.PortMin + 1) / 4);
        await using var environment = await DrillEnvironment.StartAsync(settings, progress, cancellationToken).ConfigureAwait(false);
        await environment.SetupCallsAsync(calls, cancellationToken).ConfigureAwait(false);
        if (!await DrillEnvironment.WaitForSampleAsync(environment.ProbeB, "medianode_ha_mirrored_calls", v => v >= calls, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"node B did not mirror {calls} calls:\n{environment.NodeB!.Tail()}");
        }

        progress.WriteLine($"node B mirrors all {calls} calls with their ports bound; streaming for {beforeKill.TotalSeconds:0.#} s");
        environment.StartStreaming(beforeKill + afterKill + TimeSpan.FromSeconds(10));
        await Task.Delay(beforeKill, cancellationToken).ConfigureAwait(false);

        var killedAt = Stopwatch.GetTimestamp();
        var killedAtUtc = DateTime.UtcNow;
        environment.Mark(killedAt);
        environment.NodeA!.Signal(ProcessSignals.Kill);
        progress.WriteLine($"SIGKILL sent to node A at {killedAtUtc:HH:mm:ss.fff} UTC (to line up with the node logs)");
        var failoverMs = await StandbyTakeover.MeasureAsync(environment.ProbeB, killedAt, killedAtUtc, afterKill, cancellationToken).ConfigureAwait(false);
        progress.WriteLine(failoverMs >= 0 ? $"node B reports active {failoverMs:0} ms after the kill" : "node B did not report active");
        var remaining = afterKill - Stopwatch.GetElapsedTime(killedAt);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken).ConfigureAwait(false);
        }

        return await environment.StopStreamingAsync(failoverMs).ConfigureAwait(false);
    }
}
