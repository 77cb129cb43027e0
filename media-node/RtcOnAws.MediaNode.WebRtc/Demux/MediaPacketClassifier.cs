namespace RtcOnAws.MediaNode.WebRtc.Demux;

/// <summary>
/// RFC 7983's first-byte demultiplexing: 0-3 STUN, 20-63 DTLS, 128-191 RTP/RTCP. Everything else (ZRTP, TURN
/// channels, garbage) is <see cref="MediaPacketKind.Unknown"/> and dropped by the caller.
/// </summary>
public static class MediaPacketClassifier
{
    public static MediaPacketKind Classify(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return MediaPacketKind.Unknown;
        }

        return packet[0] switch
        {
            <= 3 => MediaPacketKind.Stun,
            >= 20 and <= 63 => MediaPacketKind.Dtls,
            >= 128 and <= 191 => MediaPacketKind.RtpOrRtcp,
            _ => MediaPacketKind.Unknown,
        };
    }
}
