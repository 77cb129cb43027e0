namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>Our side of the handshake, from <c>a=setup</c> (RFC 4145/5763): passive waits for the ClientHello
/// (DTLS server), active sends it (DTLS client).</summary>
public enum DtlsRole
{
    Server,
    Client,
}
