using System.Diagnostics;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>What one drill call experienced.</summary>
/// <param name="Call">Call index.</param>
/// <param name="SentForward">Packets the caller sent.</param>
/// <param name="LostForward">Caller packets that never reached the callee.</param>
/// <param name="MaxGapForwardMs">Longest silence heard by the callee.</param>
/// <param name="SentBackward">Packets the callee sent.</param>
/// <param name="LostBackward">Callee packets that never reached the caller.</param>
/// <param name="MaxGapBackwardMs">Longest silence heard by the caller.</param>
/// <param name="Kept">Audio still flowed both ways at the end (the call survived the failover).</param>
/// <param name="FailoverGapMs">The longer of the two directions' silences spanning the kill (-1 when not measured).</param>
public sealed record DrillCallResult(
    int Call,
    long SentForward,
    long LostForward,
    double MaxGapForwardMs,
    long SentBackward,
    long LostBackward,
    double MaxGapBackwardMs,
    bool Kept,
    double FailoverGapMs)
{
    /// <summary>The longer of the two directions' longest silences.</summary>
    public double MaxGapMs => Math.Max(MaxGapForwardMs, MaxGapBackwardMs);

    /// <summary>What call <paramref name="index"/> experienced, from both user agents' counters (after they stopped sending).</summary>
    public static DrillCallResult Measure(RtpEndpoint caller, RtpEndpoint callee, int index)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(callee);
        var ticksPerMs = Stopwatch.Frequency / 1000.0;
        var forwardLost = Math.Max(0, caller.Sent[index] - callee.Received[index]);
        var backwardLost = Math.Max(0, callee.Sent[index] - caller.Received[index]);

        // Kept: in both directions the last packets sent (the last 200 ms) arrived.
        var kept = callee.Received[index] > 0 && caller.Received[index] > 0
            && callee.LastSequenceReceived[index] >= caller.LastSequenceSent[index] - 10
            && caller.LastSequenceReceived[index] >= callee.LastSequenceSent[index] - 10;
        return new DrillCallResult(
            index,
            caller.Sent[index],
            forwardLost,
            callee.MaxGap[index] / ticksPerMs,
            callee.Sent[index],
            backwardLost,
            caller.MaxGap[index] / ticksPerMs,
            kept,
            caller.MarkAt == 0 ? -1 : Math.Max(callee.GapAcrossMark[index], caller.GapAcrossMark[index]) / ticksPerMs);
    }
}
