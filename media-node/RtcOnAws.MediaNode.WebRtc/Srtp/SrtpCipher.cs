namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// The transform of one session key set (the SRTP keys or the SRTCP keys of a context) applied to one packet whose
/// index is already known. Lengths: <c>length</c> is the plain packet's on encrypt, the protected packet's on decrypt.
/// No state between packets beyond scratch buffers: not thread-safe, the owning <see cref="SrtpContext"/> serialises.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>Encrypts <c>packet[headerLength..length]</c> and appends the tag at <c>packet[length..]</c>.</summary>
    public abstract void EncryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequence);

    /// <summary>Verifies the tag at the end of <c>packet[..length]</c>; only then decrypts the payload in place. False on a bad tag.</summary>
    public abstract bool DecryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequence);

    /// <summary>Encrypts <c>packet[8..length]</c>, then appends the E-flag/index word and the tag.</summary>
    public abstract void EncryptRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>
    /// Verifies the tag of the SRTCP packet <c>packet[..length]</c> (index word already read) and, when
    /// <paramref name="encrypted"/>, decrypts <c>packet[8..]</c> in place. False on a bad tag.
    /// </summary>
    public abstract bool DecryptRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted);

    public abstract void Dispose();

    /// <summary>Writes the SRTCP trailer word: the E-flag (always set: we always encrypt) and the 31-bit index.</summary>
    protected static void WriteIndexWord(Span<byte> destination, uint index, bool encrypted = true) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(destination, index | (encrypted ? 0x8000_0000u : 0));
}
