namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// What one SRTP context remembers per SSRC (RFC 3711 section 3.2.1's per-stream state): the rollover counter and
/// highest sequence number behind index estimation, the SRTP and SRTCP replay windows, and the next SRTCP index to
/// send. Kept in an array inside <see cref="SrtpContext"/>, so a packet never allocates.
/// </summary>
internal struct SrtpSourceState
{
    public uint Ssrc;
    public bool RtpStarted;
    public uint RolloverCounter;
    public ushort HighestSequence;
    public ReplayWindow RtpReplay;
    public ReplayWindow RtcpReplay;
    public uint NextRtcpIndex;
    public long LastUsed;

    /// <summary>
    /// RFC 3711 section 3.3.1 / Appendix A: the rollover counter <c>v</c> a sequence number most probably belongs to,
    /// judged from the highest sequence number seen. Returns -1 for an index before the stream's start.
    /// </summary>
    public readonly long EstimateRolloverCounter(ushort sequence)
    {
        if (!RtpStarted)
        {
            return RolloverCounter;
        }

        long roc = RolloverCounter;
        if (HighestSequence < 32768)
        {
            return sequence - HighestSequence > 32768 ? roc - 1 : roc;
        }

        return HighestSequence - 32768 > sequence ? roc + 1 : roc;
    }

    /// <summary>Moves the rollover counter and highest sequence number forward after a packet with index <c>v || sequence</c> was accepted.</summary>
    public void Advance(uint roc, ushort sequence)
    {
        if (!RtpStarted || roc > RolloverCounter)
        {
            RolloverCounter = roc;
            HighestSequence = sequence;
            RtpStarted = true;
        }
        else if (roc == RolloverCounter && sequence > HighestSequence)
        {
            HighestSequence = sequence;
        }
    }
}
