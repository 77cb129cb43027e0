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
}
