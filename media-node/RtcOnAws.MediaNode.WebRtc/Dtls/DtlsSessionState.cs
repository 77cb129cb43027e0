namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>A DTLS association's state as <c>query</c> shows it.</summary>
public enum DtlsSessionState
{
    New,
    Handshaking,
    Connected,
    Failed,
    TimedOut,
    FingerprintMismatch,
    Closed,
}
