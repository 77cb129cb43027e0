using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>
/// The SBC drill: SIPp places N calls through the floating address (node A), every call carries two-way RTP between
/// the drill's endpoints, node A's Kamailio and media-node die by SIGKILL mid-call, and each call's re-INVITE and BYE
/// must then pass through node B. The run is laid out in time from SIPp's call rate: every call is answered before
/// the kill, every re-INVITE comes after the takeover, and every BYE after the last re-INVITE.
/// </summary>
public static class SbcDrillRunner
{
    /// <summary>Streaming before the kill.</summary>
    private static readonly TimeSpan BeforeKill = TimeSpan.FromSeconds(2);

    /// <summary>Between the kill and the first re-INVITE: the takeover and some calm audio on node B.</summary>
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(6);

    /// <summary>The least time the takeover gets before the first re-INVITE when call setup ran late (a loaded machine).</summary>
    private static readonly TimeSpan TakeoverWindow = TimeSpan.FromSeconds(2);

    /// <summary>Runs the drill and returns its report. Everything it created is gone when it returns or throws.</summary>
    /// <param name="settings">Nodes, timers and work directory.</param>
    /// <param name="calls">Calls to place.</param>
    /// <param name="callsPerSecond">SIPp's call rate while setting them up.</param>
    /// <param name="progress">Where progress lines go.</param>
    /// <param name="cancellationToken">Stops the drill (everything is removed).</param>
    public static async Task<SbcDrillReport> RunAsync(SbcDrillSettings settings, int calls, int callsPerSecond, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(callsPerSecond, 1);
        var setup = TimeSpan.FromSeconds((double)calls / callsPerSecond) + TimeSpan.FromSeconds(1);
        var firstHold = setup + BeforeKill + AfterKill;
        var secondHold = setup + TimeSpan.FromSeconds(1);

        await using var environment = await SbcEnvironment.StartAsync(settings, progress, cancellationToken).ConfigureAwait(false);
        var callee = environment.StartCallee("callee.xml");
        using var callerRtp = new RtpEndpoint(environment.Network.Caller, new IPEndPoint(DrillAddresses.Caller, DrillAddresses.UserAgentRtpPort), 0, calls);
        using var calleeRtp = new RtpEndpoint(environment.Network.Callee, new IPEndPoint(DrillAddresses.Callee, DrillAddresses.UserAgentRtpPort), 1, calls);
        callerRtp.StartReceiving();
        calleeRtp.StartReceiving();

        var started = Stopwatch.GetTimestamp();
        var caller = environment.StartCaller(
            "caller.xml",
            [
                "-m", Text(calls), "-l", Text(calls), "-r", Text(callsPerSecond),
                "-d", Text((int)firstHold.TotalMilliseconds), "-key", "hold2", Text((int)secondHold.TotalMilliseconds),
                "-timeout", Text((int)(firstHold + secondHold + setup).TotalSeconds + 60), "-timeout_error",
            ]);
        progress.WriteLine($"SIPp places {calls} calls at {callsPerSecond}/s to {SbcEnvironment.SipTarget}; re-INVITE {firstHold.TotalSeconds:0.#} s and BYE {(firstHold + secondHold).TotalSeconds:0.#} s into each call");

        // Every call answered: both sides logged the SBC's media port, so the RTP endpoints know where to send.
        while (caller.Ports("answered").Count < calls || callee.Ports("offered").Count < calls)
        {
            if (Stopwatch.GetElapsedTime(started) > firstHold - BeforeKill - TakeoverWindow || caller.Process.HasExited)
            {
                throw new InvalidOperationException($"only {caller.Ports("answered").Count}/{calls} calls were answered through node A in time:\n{caller.Process.Tail()}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var answered = caller.Ports("answered");
        var offered = callee.Ports("offered");
        callerRtp.SetTargets([.. Enumerable.Range(1, calls).Select(call => new IPEndPoint(DrillAddresses.Floating, answered[call]))]);
        calleeRtp.SetTargets([.. Enumerable.Range(1, calls).Select(call => new IPEndPoint(DrillAddresses.Floating, offered[call]))]);

        // Streaming ends before the first BYE (which deletes that call's ports), bounded in time either way.
        var streaming = firstHold + secondHold - TimeSpan.FromMilliseconds(500) - Stopwatch.GetElapsedTime(started);
        callerRtp.StartSending(streaming);
        calleeRtp.StartSending(streaming);
        progress.WriteLine($"{calls} calls answered through node A; two-way RTP on every call for {streaming.TotalSeconds:0.#} s");
        await Task.Delay(BeforeKill, cancellationToken).ConfigureAwait(false);

        var killedAt = Stopwatch.GetTimestamp();
        var killedAtUtc = DateTime.UtcNow;
        callerRtp.MarkAt = killedAt;
        calleeRtp.MarkAt = killedAt;
        await environment.KillNodeAsync(environment.A, cancellationToken).ConfigureAwait(false);
        progress.WriteLine($"SIGKILL of node A's Kamailio and media-node at {killedAtUtc:HH:mm:ss.fff} UTC");
        var failoverMs = await StandbyTakeover.MeasureAsync(environment.B.Probe, killedAt, killedAtUtc, AfterKill, cancellationToken).ConfigureAwait(false);
        progress.WriteLine(failoverMs >= 0 ? $"node B reports active {failoverMs:0} ms after the kill" : "node B did not report active");

        var remaining = streaming - Stopwatch.GetElapsedTime(started) + TimeSpan.FromMilliseconds(300);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken).ConfigureAwait(false);
        }

        callerRtp.StopSending();
        calleeRtp.StopSending();
        await Task.Delay(300, cancellationToken).ConfigureAwait(false);
        var media = new DrillReport([.. Enumerable.Range(0, calls).Select(i => DrillCallResult.Measure(callerRtp, calleeRtp, i))], failoverMs);

        if (!await caller.WaitForExitAsync(secondHold + TimeSpan.FromSeconds(60)).ConfigureAwait(false))
        {
            progress.WriteLine("SIPp did not finish in time; counting what completed");
        }

        var reanswered = caller.Ports("reinvited");
        var reoffered = callee.Ports("reoffered");
        var portChanges = Enumerable.Range(1, calls).Count(call =>
            (reanswered.TryGetValue(call, out var a) && a != answered[call]) || (reoffered.TryGetValue(call, out var o) && o != offered[call]));
        var report = new SbcDrillReport(
            calls,
            caller.Count("bye"),
            Math.Max(0, caller.Statistic("FailedCall(C)")),
            calls - reanswered.Count,
            portChanges,
            media,
            await environment.BoundMediaPortsAsync(environment.B, cancellationToken).ConfigureAwait(false),
            await environment.CallKeysAsync(cancellationToken).ConfigureAwait(false));
        return report;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
