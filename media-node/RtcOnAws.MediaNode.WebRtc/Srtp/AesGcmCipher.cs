using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714 sections 8-10) on .NET's <see cref="AesGcm"/>. Decryption verifies
/// without <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>,
/// which reports a bad tag by throwing (an attacker could make the relay throw per packet): GCM's encryption is
/// counter mode, so encrypting the ciphertext yields the plaintext, and encrypting that plaintext again yields the
/// ciphertext's true tag, compared in constant time before the plaintext is written back.
/// </summary>
internal sealed class AesGcmCipher : SrtpCipher
{
    private const int TagLength = 16;
    private const int NonceLength = 12;

    private readonly AesGcm _gcm;
    private readonly byte[] _salt;

    public AesGcmCipher(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt)
    {
        _gcm = new AesGcm(sessionKey, TagLength);
        _salt = sessionSalt.ToArray();
    }

    public override void EncryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequence)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RtpNonce(nonce, ssrc, roc, sequence);
        var payload = packet[headerLength..length];
        _gcm.Encrypt(nonce, payload, payload, packet.Slice(length, TagLength), packet[..headerLength]);
    }

    public override bool DecryptRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequence)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RtpNonce(nonce, ssrc, roc, sequence);
        int body = length - TagLength;
        return Open(nonce, packet[headerLength..body], packet.Slice(body, TagLength), packet[..headerLength]);
    }

    public override void EncryptRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RtcpNonce(nonce, ssrc, index);

        // RFC 7714 section 9.1: the associated data is the first 8 octets and the E-flag/index word.
        Span<byte> associated = stackalloc byte[12];
        packet[..8].CopyTo(associated);
        WriteIndexWord(associated[8..], index);
        var payload = packet[8..length];
        _gcm.Encrypt(nonce, payload, payload, packet.Slice(length, TagLength), associated);
        WriteIndexWord(packet.Slice(length + TagLength, 4), index);
    }

    public override bool DecryptRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RtcpNonce(nonce, ssrc, index);
        int tagAt = length - 4 - TagLength;
        var tag = packet.Slice(tagAt, TagLength);
        var indexWord = packet.Slice(length - 4, 4);
        if (encrypted)
        {
            Span<byte> associated = stackalloc byte[12];
            packet[..8].CopyTo(associated);
            indexWord.CopyTo(associated[8..]);
            return Open(nonce, packet[8..tagAt], tag, associated);
        }

        // RFC 7714 section 9.2: unencrypted SRTCP authenticates the whole packet and the index word as associated data.
        int associatedLength = tagAt + 4;
        byte[] scratch = SrtpScratch.Third(associatedLength);
        packet[..tagAt].CopyTo(scratch);
        indexWord.CopyTo(scratch.AsSpan(tagAt));
        return Open(nonce, [], tag, scratch.AsSpan(0, associatedLength));
    }

    public override void Dispose() => _gcm.Dispose();

    /// <summary>Checks <paramref name="tag"/> over <paramref name="ciphertext"/>; only if it matches, replaces the ciphertext by the plaintext.</summary>
    private bool Open(ReadOnlySpan<byte> nonce, Span<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associated)
    {
        var plain = SrtpScratch.First(ciphertext.Length).AsSpan(0, ciphertext.Length);
        var reencrypted = SrtpScratch.Second(ciphertext.Length).AsSpan(0, ciphertext.Length);
        Span<byte> ignoredTag = stackalloc byte[TagLength];
        Span<byte> expectedTag = stackalloc byte[TagLength];
        _gcm.Encrypt(nonce, ciphertext, plain, ignoredTag, associated);
        _gcm.Encrypt(nonce, plain, reencrypted, expectedTag, associated);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, tag))
        {
            return false;
        }

        plain.CopyTo(ciphertext);
        return true;
    }

    /// <summary>RFC 7714 section 8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.</summary>
    private void RtpNonce(Span<byte> nonce, uint ssrc, uint roc, ushort sequence)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequence);
        Salt(nonce);
    }

    /// <summary>RFC 7714 section 9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt.</summary>
    private void RtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        Salt(nonce);
    }

    private void Salt(Span<byte> nonce)
    {
        for (int i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= _salt[i];
        }
    }
}
