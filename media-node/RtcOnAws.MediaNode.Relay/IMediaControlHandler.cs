using System.Net;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// Takes the non-media datagrams of a stream whose port also carries ICE and DTLS (a WebRTC leg, RFC 7983): STUN
/// (first byte 0-3) and DTLS (20-63) reach <see cref="Handle"/> before the source check, because connectivity checks
/// come from candidates not yet known and authenticate themselves (ICE MESSAGE-INTEGRITY, DTLS fingerprints).
/// Attached with <see cref="RelayStream.ControlHandler"/>. Runs on the event loop: it must not block or throw,
/// and counts what it drops itself. Such packets are never relayed.
/// </summary>
public interface IMediaControlHandler
{
    void Handle(ReadOnlySpan<byte> datagram, IPEndPoint source);
}
