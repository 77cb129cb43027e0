using System.Security.Cryptography;

namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// The SRTP key derivation of RFC 3711 section 4.3 with the AES-CM PRF (section 4.3.3) and a key derivation rate of
/// zero (the only rate SDES and DTLS-SRTP use here): every session key comes from the master key once, at setup.
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    /// <summary>The HMAC-SHA1 session authentication key length (n_a = 160 bits, RFC 3711 section 8.2).</summary>
    public const int AuthenticationKeyLength = 20;

    /// <summary>
    /// The <paramref name="length"/>-byte session key for <paramref name="label"/>: AES-CM keystream under the master key
    /// from the IV <c>(master_salt XOR (label || r)) * 2^16</c> with r = 0. A 96-bit GCM master salt is zero-padded on
    /// the right to the PRF's 112 bits (as libsrtp does for RFC 7714 suites).
    /// </summary>
    public static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);

        // key_id = label || r (56 bits) aligned right in the 112-bit x: the label is x's byte 7; r = 0 changes nothing.
        iv[7] ^= label;
        int blocks = (length + AesCounterMode.BlockSize - 1) / AesCounterMode.BlockSize;
        var counters = new byte[blocks * AesCounterMode.BlockSize];
        for (int block = 0; block < blocks; block++)
        {
            var counter = counters.AsSpan(block * AesCounterMode.BlockSize, AesCounterMode.BlockSize);
            iv.CopyTo(counter);
            counter[14] = (byte)(block >> 8);
            counter[15] = (byte)block;
        }

        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        return aes.EncryptEcb(counters, PaddingMode.None)[..length];
    }
}
