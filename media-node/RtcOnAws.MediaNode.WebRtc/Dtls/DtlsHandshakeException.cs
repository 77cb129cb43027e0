namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>A DTLS-SRTP handshake ended without keys; <see cref="State"/> says why.</summary>
public sealed class DtlsHandshakeException(DtlsSessionState state, Exception? inner)
    : Exception("The DTLS handshake ended in state " + state + ".", inner)
{
    public DtlsSessionState State { get; } = state;
}
