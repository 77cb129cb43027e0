using System.Diagnostics;
using System.Globalization;
using RtcOnAws.MediaNode.HighAvailability.State;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>
/// Measures a cold standby: Redis already holds N calls (as the active wrote them), then a media node starts and
/// restores every one of them with its ports bound on the floating address.
/// </summary>
public static class ColdRestoreBench
{
    /// <summary>Runs the measurement; everything it created is gone when it returns.</summary>
    /// <param name="settings">Drill settings (port range large enough for the calls).</param>
    /// <param name="calls">Calls to store and restore.</param>
    /// <param name="rtcpMux">Calls use rtcp-mux (one socket per party instead of two).</param>
    /// <param name="progress">Progress messages.</param>
    /// <param name="cancellationToken">Stops the measurement.</param>
    public static async Task<ColdRestoreReport> RunAsync(DrillSettings settings, int calls, bool rtcpMux, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        var needed = calls * 4;
        if (settings.PortMax - settings.PortMin + 1 < needed)
        {
            throw new ArgumentException($"{calls} calls need {needed} ports; the range {settings.PortMin}-{settings.PortMax} is too small", nameof(calls));
        }

        await using var environment = await DrillEnvironment.StartBareAsync(settings, progress, cancellationToken).ConfigureAwait(false);
        var keys = new CallKeys("drill:");
        await environment.LoadRedisAsync(Enumerable.Range(0, calls).Select(i => KeyValuePair.Create(keys.CallKey(CallId(i)), CallRecordCodec.Encode(Record(i, settings.PortMin, rtcpMux)))), cancellationToken).ConfigureAwait(false);
        progress.WriteLine($"{calls} calls stored in Redis; starting a cold node");

        var started = Stopwatch.GetTimestamp();
        var node = environment.StartNode('b');
        if (!await DrillEnvironment.WaitForSampleAsync(environment.ProbeB, "medianode_ha_mirror_resyncs_total", v => v >= 1, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"the node did not finish its first resync:\n{node.Tail()}");
        }

        var ready = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var metrics = await environment.ProbeB.MetricsAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the node finished its resync but its /metrics did not answer; first error in its log: {FirstError(node.LogPath)}");
        var restored = (int)(NodeProbe.Sample(metrics, "medianode_calls") ?? 0);
        var restoreSeconds = NodeProbe.Sample(metrics, "medianode_ha_last_resync_seconds");
        if (restored != calls || restoreSeconds is null)
        {
            // A partial restore is no measurement: say how much is missing and why (e.g. socket() errno 24, EMFILE).
            throw new InvalidOperationException($"{calls - restored} of {calls} calls were not restored; first error in the node's log: {FirstError(node.LogPath)}");
        }

        return new ColdRestoreReport(calls, rtcpMux ? 2 : 4, restored, restoreSeconds.Value * 1000, ready, LogLine(node.LogPath, "Resynced ") ?? "(not logged)");
    }

    private static string FirstError(string logPath) =>
        LogLine(logPath, " fail: ") ?? LogLine(logPath, " crit: ") ?? "(none logged)";

    /// <summary>The first line of the node's log holding <paramref name="text"/>; null when none does or the log is gone.</summary>
    private static string? LogLine(string logPath, string text)
    {
        try
        {
            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line.Trim();
                }
            }
        }
        catch (IOException)
        {
            // the log is gone
        }

        return null;
    }

    private static string CallId(int index) => string.Create(CultureInfo.InvariantCulture, $"restore-{index}@bench");

    private static CallRecord Record(int index, int portMin, bool rtcpMux)
    {
        var port = portMin + (portMin % 2) + (index * 4);
        var address = DrillAddresses.Floating.ToString();
        MediaRecord Media(int rtp, string sdp) => new(1, "audio", "RTP/AVP", address, rtp, rtcpMux ? rtp : rtp + 1, rtcpMux, rtcpMux, sdp, null, sdp, null, "strict");
        return new CallRecord(
            CallRecord.CurrentVersion,
            "node-a",
            CallId(index),
            1_700_000_000,
            1_700_000_000,
            1_700_000_000_000,
            $"caller-{index}",
            [],
            [
                new LegRecord($"caller-{index}", null, null, 1_700_000_000, [Media(port, $"{DrillAddresses.Caller}:{40000 + (index % 20000)}")]),
                new LegRecord($"callee-{index}", null, null, 1_700_000_000, [Media(port + 2, $"{DrillAddresses.Callee}:{40000 + (index % 20000)}")]),
            ]);
    }
}
