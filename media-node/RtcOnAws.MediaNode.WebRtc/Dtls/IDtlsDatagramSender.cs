namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>Sends one DTLS datagram to the leg's ICE-validated peer through the leg's media socket.</summary>
public interface IDtlsDatagramSender
{
    void Send(ReadOnlySpan<byte> datagram);
}
