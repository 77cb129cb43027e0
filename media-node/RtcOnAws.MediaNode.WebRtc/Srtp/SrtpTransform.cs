using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// The relay hook of an SRTP-protected leg: packets from the leg's remote party are unprotected with its key
/// (<paramref name="inbound"/>), packets to it are protected with ours (<paramref name="outbound"/>). Attach with
/// <see cref="RelayStream.Transform"/>; SDES and DTLS-SRTP differ only in where the two keys come from.
/// </summary>
/// <param name="inbound">The remote party's sending context (its SDES key, or the DTLS exporter's key for its role).</param>
/// <param name="outbound">Our sending context towards the remote party.</param>
public sealed class SrtpTransform(SrtpContext inbound, SrtpContext outbound) : IMediaTransform, IDisposable
{
    /// <summary>Unprotects with the remote party's key.</summary>
    public SrtpContext Inbound { get; } = inbound;

    /// <summary>Protects with our key.</summary>
    public SrtpContext Outbound { get; } = outbound;

    public MediaTransformResult Unprotect(Span<byte> packet, ref int length, bool rtcp) =>
        Map(rtcp ? Inbound.UnprotectRtcp(packet, ref length) : Inbound.UnprotectRtp(packet, ref length));

    public MediaTransformResult Protect(Span<byte> packet, ref int length, bool rtcp) =>
        Map(rtcp ? Outbound.ProtectRtcp(packet, ref length) : Outbound.ProtectRtp(packet, ref length));

    public void Dispose()
    {
        Inbound.Dispose();
        Outbound.Dispose();
    }

    private static MediaTransformResult Map(SrtpResult result) => result switch
    {
        SrtpResult.Ok => MediaTransformResult.Relay,
        SrtpResult.AuthenticationFailed => MediaTransformResult.Unauthenticated,
        SrtpResult.Replayed => MediaTransformResult.Replayed,
        SrtpResult.NoRoom => MediaTransformResult.NoRoom,
        SrtpResult.KeyExhausted => MediaTransformResult.NotKeyed,
        _ => MediaTransformResult.Malformed,
    };
}
