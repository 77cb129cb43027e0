namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// A per-stream rewrite of media on its way through the relay: SRTP/SRTCP (SDES or DTLS-SRTP keys) on a protected
/// leg, nothing on a plain one. Attached with <see cref="RelayStream.Transform"/>. Both methods run on the event loop
/// for every packet: they must not allocate, block or throw; a failure is reported through the returned
/// <see cref="MediaTransformResult"/>, which the relay counts as a drop with the matching <see cref="DropReason"/>.
/// </summary>
public interface IMediaTransform
{
    /// <summary>
    /// A datagram arrived from this stream's remote party (after the source check) and is about to be relayed:
    /// unprotect it in place. <paramref name="packet"/> holds <paramref name="length"/> bytes of datagram followed by
    /// spare capacity; on <see cref="MediaTransformResult.Relay"/> the first <paramref name="length"/> bytes are sent on.
    /// </summary>
    /// <param name="packet">The receive buffer: the datagram, then at least <see cref="RelayEngine.TransformHeadroom"/> spare bytes.</param>
    /// <param name="length">In: the datagram's length. Out: the length to relay.</param>
    /// <param name="rtcp">True for RTCP (the RTCP port, or RTCP recognised on a multiplexed port).</param>
    MediaTransformResult Unprotect(Span<byte> packet, ref int length, bool rtcp);

    /// <summary>
    /// A datagram from the peer stream is about to leave through this stream's sockets to this stream's remote party:
    /// protect it in place (it may grow into the spare capacity of <paramref name="packet"/>).
    /// </summary>
    MediaTransformResult Protect(Span<byte> packet, ref int length, bool rtcp);
}
