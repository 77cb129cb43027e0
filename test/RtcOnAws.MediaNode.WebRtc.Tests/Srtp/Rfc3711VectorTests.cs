using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Srtp;

/// <summary>RFC 3711 Appendix B: the AES-CM keystream (B.2) and the key derivation (B.3).</summary>
public sealed class Rfc3711VectorTests
{
    [Theory]
    [InlineData(0x0000, "E03EAD0935C95E80E166B16DD92B4EB4")]
    [InlineData(0x0001, "D23513162B02D0F72A43A2FE4A5F97AB")]
    [InlineData(0x0002, "41E95B3BB0A2E8DD477901E4FCA894C0")]
    [InlineData(0xFEFF, "EC8CDF7398607CB0F2D21675EA9EA1E4")]
    [InlineData(0xFF00, "362B7C3C6773516318A077D7FC5073AE")]
    [InlineData(0xFF01, "6A2CC3787889374FBEB4C81B17BA6C44")]
    public void B2_aes_cm_keystream_block(int counter, string expected)
    {
        // Session key, and the IV formed from session salt F0F1..FD with SSRC, ROC and SEQ all zero.
        using var counterMode = new AesCounterMode(Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        var keystream = new byte[(counter + 1) * AesCounterMode.BlockSize];
        counterMode.Keystream(Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);
        Assert.Equal(Hex.Bytes(expected), keystream[^AesCounterMode.BlockSize..]);
    }

    [Fact]
    public void B3_key_derivation_of_cipher_key_salt_and_authentication_key()
    {
        var masterKey = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6");
        Assert.Equal(Hex.Bytes("C61E7A93744F39EE10734AFE3FF7A087"), SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, 16));
        Assert.Equal(Hex.Bytes("30CBBC08863D8C85D49DB34A9AE1"), SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSaltLabel, 14));
        Assert.Equal(
            Hex.Bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"),
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, SrtpKeyDerivation.AuthenticationKeyLength));
    }

    /// <summary>
    /// libsrtp's reference packets (srtp_driver.c, the same master key as B.3): a whole SRTP and SRTCP packet, so the
    /// IV layout, HMAC input (with ROC) and SRTCP trailer are checked against the reference implementation.
    /// </summary>
    [Fact]
    public void Libsrtp_reference_packets_protect_and_unprotect()
    {
        var master = new SrtpMasterKey(
            SrtpProtectionProfile.AesCm128HmacSha1Tag80, Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6"));
        var rtp = Hex.Bytes("800f1234decafbad cafebabeabababab abababababababab abababab");
        var srtp = Hex.Bytes("800f1234decafbad cafebabe4e55dc4c e79978d88ca4d215 949d2402b78d6acc 99ea179b8dbb");
        var rtcp = Hex.Bytes("81c8000bcafebabe abababababababab abababababababab");
        var srtcp = Hex.Bytes("81c8000bcafebabe 7128035be487b9bd bef89041f977a5a8 80000001993e08cd 54d6c1230798");

        using var sender = new SrtpContext(master);
        Assert.Equal(srtp, SrtpPackets.Protect(sender.ProtectRtp, rtp));

        // The reference SRTCP packet carries index 1: the sender's second.
        SrtpPackets.Protect(sender.ProtectRtcp, rtcp);
        Assert.Equal(srtcp, SrtpPackets.Protect(sender.ProtectRtcp, rtcp));

        using var receiver = new SrtpContext(master);
        Assert.Equal(rtp, SrtpPackets.Unprotect(receiver.UnprotectRtp, srtp));
        Assert.Equal(rtcp, SrtpPackets.Unprotect(receiver.UnprotectRtcp, srtcp));
    }
}
