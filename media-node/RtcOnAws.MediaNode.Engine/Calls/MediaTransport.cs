namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>How a party's media is carried: what the node must do to it on that party's leg.</summary>
public enum MediaTransport
{
    /// <summary>Plain RTP (<c>RTP/AVP</c>, <c>RTP/AVPF</c>): relayed as is.</summary>
    Rtp = 0,

    /// <summary>SRTP keyed by SDES <c>a=crypto</c> (<c>RTP/SAVP</c>, <c>RTP/SAVPF</c>): the node terminates it with its own keys.</summary>
    SdesSrtp = 1,

    /// <summary>SRTP keyed by a DTLS handshake (<c>UDP/TLS/RTP/SAVP</c>, <c>UDP/TLS/RTP/SAVPF</c>, WebRTC).</summary>
    DtlsSrtp = 2,
}
