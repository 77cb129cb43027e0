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

    private readonly AesCounterMode _counterMode;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _salt;
    private readonly int _tagLength;

    public AesCmHmacSha1Cipher(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, ReadOnlySpan<byte> authenticationKey, int tagLength)
    {
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
        Tag(packet[..length], roc, packet.Slice(length, _tagLength));
    }

    public override bool DecryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequence)
    {
        int body = length - _tagLength;
        Span<byte> expected = stackalloc byte[HmacLength];
        Tag(packet[..body], roc, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[.._tagLength], packet.Slice(body, _tagLength)))
        {
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
        Tag(packet[..(length + 4)], null, packet.Slice(length + 4, _tagLength));
    }

    public override bool DecryptRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted)
    {
        int authenticated = length - _tagLength;
        Span<byte> expected = stackalloc byte[HmacLength];
        Tag(packet[..authenticated], null, expected);
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
        Span<byte> mix = stackalloc byte[AesCounterMode.BlockSize];
        mix.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(mix[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(mix[8..], index << 16);
        for (int i = 0; i < AesCounterMode.BlockSize; i++)
        {
            iv[i] ^= mix[i];
        }
    }

    /// <summary>HMAC-SHA1 over the authenticated portion, followed by the ROC for SRTP (RFC 3711 section 4.2); the first bytes are the tag.</summary>
    private void Tag(ReadOnlySpan<byte> authenticated, uint? roc, Span<byte> destination)
    {
        _hmac.AppendData(authenticated);
        if (roc is { } rolloverCounter)
        {
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, rolloverCounter);
            _hmac.AppendData(rocBytes);
        }

        Span<byte> hmac = stackalloc byte[HmacLength];
        _hmac.GetHashAndReset(hmac);
        hmac[..Math.Min(destination.Length, HmacLength)].CopyTo(destination);
    }
}
