namespace RtcOnAws.MediaNode.WebRtc.Demux;

/// <summary>What arrived on a WebRTC leg's single media port (RFC 7983).</summary>
public enum MediaPacketKind
{
    Unknown,
    Stun,
    Dtls,
    RtpOrRtcp,
}
