using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// AES-CM encryption (RFC 3711 section 4.1.1) with HMAC-SHA1 authentication (section 4.2.1) for one session key set.
/// The HMAC keeps its key schedule in an <see cref="IncrementalHash"/> reused for every packet.
/// </summary>
internal sealed class AesCmHmacSha1Cipher : SrtpCipher
{
    private const int HmacLength = 20;
    private const int MaxTagLength = 10;
    private const int RocLength = 4;

    private readonly AesCounterMode _counterMode;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _salt;
    private readonly int _tagLength;

    public AesCmHmacSha1Cipher(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, ReadOnlySpan<byte> authenticationKey, int tagLength)
    {
        // The ROC is written into the tag's room before hashing, so a tag is at least as long as the ROC.
        ArgumentOutOfRangeException.ThrowIfLessThan(tagLength, RocLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tagLength, MaxTagLength);
        _counterMode = new AesCounterMode(sessionKey);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authenticationKey);
        _salt = sessionSalt.ToArray();
        _tagLength = tagLength;
    }

    public override void EncryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequence)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        WriteIv(iv, ssrc, ((ulong)roc << 16) | sequence);
        _counterMode.Apply(iv, packet[headerLength..length]);

        // RFC 3711 section 4.2: the tag covers the packet followed by the ROC. The ROC goes where the tag will be, so
        // one HMAC update covers both (every native crypto call pays OpenSSL's error-queue clearing).
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], roc);
        Tag(packet[..(length + RocLength)], packet.Slice(length, _tagLength));
    }

    public override bool DecryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequence)
    {
        int body = length - _tagLength;
        var tag = packet.Slice(body, _tagLength);
        Span<byte> received = stackalloc byte[MaxTagLength];
        tag.CopyTo(received);

        // The ROC goes where the tag was (every tag is at least 4 bytes), so one HMAC update covers packet and ROC.
        BinaryPrimitives.WriteUInt32BigEndian(tag, roc);
        Span<byte> expected = stackalloc byte[MaxTagLength];
        Tag(packet[..(body + RocLength)], expected[.._tagLength]);
        if (!CryptographicOperations.FixedTimeEquals(expected[.._tagLength], received[.._tagLength]))
        {
            received[.._tagLength].CopyTo(tag);
            return false;
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        WriteIv(iv, ssrc, ((ulong)roc << 16) | sequence);
        _counterMode.Apply(iv, packet[headerLength..body]);
        return true;
    }

    public override void EncryptRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        WriteIv(iv, ssrc, index);
        _counterMode.Apply(iv, packet[8..length]);
        WriteIndexWord(packet.Slice(length, 4), index);
        Tag(packet[..(length + 4)], packet.Slice(length + 4, _tagLength));
    }

    public override bool DecryptRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted)
    {
        int authenticated = length - _tagLength;
        Span<byte> expected = stackalloc byte[MaxTagLength];
        Tag(packet[..authenticated], expected[.._tagLength]);
        if (!CryptographicOperations.FixedTimeEquals(expected[.._tagLength], packet.Slice(authenticated, _tagLength)))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            WriteIv(iv, ssrc, index);
            _counterMode.Apply(iv, packet[8..(authenticated - 4)]);
        }

        return true;
    }

    public override void Dispose()
    {
        _counterMode.Dispose();
        _hmac.Dispose();
    }

    /// <summary>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), RFC 3711 section 4.1.1.</summary>
    private void WriteIv(Span<byte> iv, uint ssrc, ulong index)
    {
        iv.Clear();
        _salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ (index << 16));
    }

    /// <summary>HMAC-SHA1 over <paramref name="authenticated"/> (for SRTP already followed by the ROC); its first <paramref name="destination"/>.Length bytes are the tag.</summary>
    private void Tag(ReadOnlySpan<byte> authenticated, Span<byte> destination)
    {
        _hmac.AppendData(authenticated);
        Span<byte> hmac = stackalloc byte[HmacLength];
        _hmac.GetHashAndReset(hmac);
        hmac[..destination.Length].CopyTo(destination);
    }
}
