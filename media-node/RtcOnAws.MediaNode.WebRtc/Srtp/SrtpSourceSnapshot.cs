namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// One SSRC's position in an <see cref="SrtpContext"/>: what the HA pair stores so the standby continues the index
/// (RFC 3711 section 3.3.1) instead of guessing a rollover counter of zero.
/// </summary>
/// <param name="Ssrc">The synchronisation source.</param>
/// <param name="RolloverCounter">How many times its 16-bit sequence number wrapped.</param>
/// <param name="HighestSequence">The highest sequence number seen in that rollover.</param>
/// <param name="RtcpIndex">The SRTCP index: next to send on a sending context, highest received on a receiving one.</param>
public readonly record struct SrtpSourceSnapshot(uint Ssrc, uint RolloverCounter, ushort HighestSequence, uint RtcpIndex);
