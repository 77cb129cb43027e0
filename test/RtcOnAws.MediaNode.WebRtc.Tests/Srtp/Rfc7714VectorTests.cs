using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Srtp;

/// <summary>RFC 7714 section 16.1 (SRTP) and 17.1 (SRTCP) AEAD_AES_128_GCM vectors; the RFC gives session keys directly.</summary>
public sealed class Rfc7714VectorTests
{
    private static readonly byte[] Key = Hex.Bytes("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Salt = Hex.Bytes("517569642070726f2071756f");

    private static readonly byte[] Rtp = Hex.Bytes(
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");

    private static readonly byte[] Srtp = Hex.Bytes(
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
        + "899d7f27 beb16a91 52cf765e e4390cce");

    private static readonly byte[] Rtcp = Hex.Bytes(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

    private static readonly byte[] Srtcp = Hex.Bytes(
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded"
        + "0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

    [Fact]
    public void Section16_1_srtp_encryption_and_decryption()
    {
        using var sender = Context();
        Assert.Equal(Srtp, SrtpPackets.Protect(sender.ProtectRtp, Rtp));
        using var receiver = Context();
        Assert.Equal(Rtp, SrtpPackets.Unprotect(receiver.UnprotectRtp, Srtp));
    }

    [Fact]
    public void Section17_1_srtcp_encryption_and_decryption()
    {
        using var sender = Context();
        sender.Restore(new SrtpSourceSnapshot(0x4d617273, 0, 0, 0x5d4), rtcpIndexMargin: 0);
        Assert.Equal(Srtcp, SrtpPackets.Protect(sender.ProtectRtcp, Rtcp));
        using var receiver = Context();
        Assert.Equal(Rtcp, SrtpPackets.Unprotect(receiver.UnprotectRtcp, Srtcp));
    }

    [Fact]
    public void A_flipped_bit_anywhere_fails_authentication_without_touching_the_packet()
    {
        for (int bit = 0; bit < Srtp.Length * 8; bit += 7)
        {
            using var receiver = Context();
            var forged = Srtp.ToArray();
            forged[bit / 8] ^= (byte)(1 << (bit % 8));
            var before = forged.ToArray();
            int length = forged.Length;
            var result = receiver.UnprotectRtp(forged, ref length);
            Assert.True(result is SrtpResult.AuthenticationFailed or SrtpResult.Malformed, $"bit {bit}: {result}");
            Assert.Equal(before, forged);
        }
    }

    private static SrtpContext Context()
    {
        var keys = new SrtpSessionKeys(Key, Salt, []);
        return new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, keys, keys);
    }
}
