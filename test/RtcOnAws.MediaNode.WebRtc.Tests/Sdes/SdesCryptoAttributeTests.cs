using RtcOnAws.MediaNode.WebRtc.Sdes;
using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Sdes;

public sealed class SdesCryptoAttributeTests
{
    [Fact]
    public void Parses_the_rfc_4568_example_line_with_a_lifetime()
    {
        // RFC 4568 section 4's example (its MKI removed: we refuse MKI).
        Assert.True(SdesCryptoAttribute.TryParse("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20", out var attribute, out var error), error);
        Assert.Equal(1, attribute!.Tag);
        Assert.Equal(SrtpProtectionProfile.AesCm128HmacSha1Tag80, attribute.Profile);
        Assert.Equal("2^20", attribute.Lifetime);
        Assert.Equal(Convert.FromBase64String("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz")[..16], attribute.Key.Key.ToArray());
        Assert.Equal("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20", attribute.Format());
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1Tag32)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void Generated_keys_round_trip_through_the_sdp_form_and_differ_each_time(SrtpProtectionProfile profile)
    {
        var first = SdesCryptoAttribute.Generate(3, profile);
        var second = SdesCryptoAttribute.Generate(3, profile);
        Assert.False(first.Key.Key.SequenceEqual(second.Key.Key));
        Assert.True(SdesCryptoAttribute.TryParse(first.Format(), out var parsed, out var error), error);
        Assert.Equal(3, parsed!.Tag);
        Assert.Equal(profile, parsed.Profile);
        Assert.Equal(first.Key.ToConcatenated(), parsed.Key.ToConcatenated());
        Assert.DoesNotContain(Convert.ToBase64String(first.Key.ToConcatenated()), first.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4", "MKI")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:4", "MKI")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz;inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "several master keys")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz KDR=23", "KDR=23")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz UNENCRYPTED_SRTP", "UNENCRYPTED_SRTP")]
    [InlineData("1 F8_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "F8_128_HMAC_SHA1_80")]
    [InlineData("1 AES_256_CM_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "not supported")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9", "30 bytes")]
    [InlineData("1 AEAD_AES_128_GCM inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "28 bytes")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 uri:https://example.com/key", "not inline")]
    [InlineData("x AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "tag")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80", "key parameters")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^99", "lifetime")]
    public void Refuses_what_we_do_not_implement_with_a_reason(string value, string reasonMentions)
    {
        Assert.False(SdesCryptoAttribute.TryParse(value, out var attribute, out var error));
        Assert.Null(attribute);
        Assert.Contains(reasonMentions, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpadded_gcm_key_as_rtpengine_writes_it_is_accepted()
    {
        // rtpengine 10.5's offer line: 28 bytes of key and salt in 38 base64 characters, without the "==".
        Assert.True(SdesCryptoAttribute.TryParse("2 AEAD_AES_128_GCM inline:Dhr8Dh797VlM6mdtlcD/dN0Er231BhBH++2o5Q", out var attribute, out var error), error);
        Assert.Equal(Convert.FromBase64String("Dhr8Dh797VlM6mdtlcD/dN0Er231BhBH++2o5Q=="), attribute!.Key.ToConcatenated());
    }

    [Fact]
    public void Window_size_hint_is_accepted_as_a_hint()
    {
        Assert.True(SdesCryptoAttribute.TryParse("7 AES_CM_128_HMAC_SHA1_32 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz WSH=128", out var attribute, out var error), error);
        Assert.Equal(SrtpProtectionProfile.AesCm128HmacSha1Tag32, attribute!.Profile);
    }
}
