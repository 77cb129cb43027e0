namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>Sends one DTLS datagram to the leg's ICE-validated peer through the leg's media socket.</summary>
public interface IDtlsDatagramSender
{
    /// <summary>False once the leg's sockets are gone: the session's thread then ends on its own.</summary>
    bool IsOpen { get; }

    void Send(ReadOnlySpan<byte> datagram);
}
