namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>The ng <c>DTLS</c> key: the <c>a=setup</c> we advertise on a WebRTC leg.</summary>
public enum DtlsOption
{
    /// <summary><c>actpass</c> in an offer; <c>passive</c> (we are the DTLS server) in an answer to <c>actpass</c>.</summary>
    Default,

    /// <summary><c>a=setup:passive</c>: we are the DTLS server.</summary>
    Passive,

    /// <summary><c>a=setup:active</c>: we are the DTLS client.</summary>
    Active,

    /// <summary>No DTLS: a UDP/TLS leg in the SDP is treated as plain RTP.</summary>
    Off,
}
