using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Legs;

/// <summary>
/// A transform that proves which keys a leg was given: it appends the first four bytes of the local key on protect
/// and requires (and strips) the first four of the remote key on unprotect. Media only crosses when both ends
/// derived the same DTLS-SRTP keys with the roles the right way round; SRTP itself is tested with its own vectors.
/// </summary>
internal sealed class KeyTagTransform(DtlsSrtpKeys keys) : IMediaTransform
{
    public DtlsSrtpKeys Keys => keys;

    public static byte[] Tag(byte[] plain, byte[] key) => [.. plain, .. key.AsSpan(0, 4)];

    public MediaTransformResult Unprotect(Span<byte> packet, ref int length, bool rtcp)
    {
        if (length < 16)
        {
            return MediaTransformResult.Malformed;
        }

        if (!packet.Slice(length - 4, 4).SequenceEqual(keys.RemoteKey.AsSpan(0, 4)))
        {
            return MediaTransformResult.Unauthenticated;
        }

        length -= 4;
        return MediaTransformResult.Relay;
    }

    public MediaTransformResult Protect(Span<byte> packet, ref int length, bool rtcp)
    {
        if (packet.Length < length + 4)
        {
            return MediaTransformResult.NoRoom;
        }

        keys.LocalKey.AsSpan(0, 4).CopyTo(packet[length..]);
        length += 4;
        return MediaTransformResult.Relay;
    }
}
