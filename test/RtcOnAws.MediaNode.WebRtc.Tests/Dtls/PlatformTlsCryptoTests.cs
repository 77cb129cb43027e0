using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class PlatformTlsCryptoTests
{
    private readonly PlatformTlsCrypto _platform = new(new SecureRandom());
    private readonly BcTlsCrypto _bouncyCastle = new(new SecureRandom());

    [Theory]
    [InlineData(PrfAlgorithm.tls_prf_sha256, 48)]
    [InlineData(PrfAlgorithm.tls_prf_sha256, 60)]
    [InlineData(PrfAlgorithm.tls_prf_sha384, 100)]
    public void ThePrfDerivesWhatBouncyCastlesDerives(int prf, int length)
    {
        var secret = RandomNumberGenerator.GetBytes(48);
        var seed = RandomNumberGenerator.GetBytes(64);

        var ours = _platform.CreateSecret(secret).DeriveUsingPrf(prf, "key expansion", seed, length).Extract();
        var theirs = _bouncyCastle.CreateSecret(secret).DeriveUsingPrf(prf, "key expansion", seed, length).Extract();

        Assert.Equal(theirs, ours);
        var otherLabel = _platform.CreateSecret(secret).DeriveUsingPrf(prf, "master secret", seed, length).Extract();
        Assert.NotEqual(ours, otherLabel);
    }

    [Fact]
    public void AForkedTranscriptHashKeepsWhatWasHashedBeforeTheForkAndNothingAfter()
    {
        var hash = _platform.CreateHash(CryptoHashAlgorithm.sha256);
        hash.Update("client hello"u8.ToArray(), 0, 12);
        var fork = hash.CloneHash();
        hash.Update("server hello"u8.ToArray(), 0, 12);
        fork.Update("certificate"u8.ToArray(), 0, 11);

        Assert.Equal(SHA256.HashData("client helloserver hello"u8), hash.CalculateHash());
        Assert.Equal(SHA256.HashData("client hellocertificate"u8), fork.CalculateHash());
    }

    [Fact]
    public void AResetDigestForgetsWhatWasHashed()
    {
        var digest = _platform.CreateDigest(CryptoHashAlgorithm.sha256);
        digest.BlockUpdate("discarded"u8);
        digest.Reset();
        digest.Update((byte)'a');
        var output = new byte[digest.GetDigestSize()];

        Assert.Equal(32, digest.DoFinal(output, 0));
        Assert.Equal(SHA256.HashData("a"u8), output);
    }

    [Theory]
    [InlineData(MacAlgorithm.hmac_sha1)]
    [InlineData(MacAlgorithm.hmac_sha256)]
    [InlineData(MacAlgorithm.hmac_sha384)]
    public void AnHmacUsedTwiceGivesBouncyCastlesMacBothTimes(int macAlgorithm)
    {
        var key = RandomNumberGenerator.GetBytes(100);
        var ours = _platform.CreateHmac(macAlgorithm);
        var theirs = _bouncyCastle.CreateHmac(macAlgorithm);
        ours.SetKey(key, 0, key.Length);
        theirs.SetKey(key, 0, key.Length);

        foreach (var message in new[] { "first record"u8.ToArray(), RandomNumberGenerator.GetBytes(300) })
        {
            ours.Update(message, 0, message.Length);
            theirs.Update(message, 0, message.Length);
            Assert.Equal(theirs.CalculateMac(), ours.CalculateMac());
        }
    }

    [Fact]
    public void ACertificateGivesBackTheBytesItWasParsedFromAsTheCallersOwnCopy()
    {
        var encoded = DtlsCertificate.Generate(new FakeTimeProvider(DateTimeOffset.UtcNow)).DerEncoded;
        var certificate = _platform.CreateCertificate(encoded);

        var first = certificate.GetEncoded();
        first[^1] ^= 1;

        Assert.Equal(encoded, certificate.GetEncoded());
        Assert.Equal(_bouncyCastle.CreateCertificate(encoded).GetEncoded(), certificate.GetEncoded());
    }

    [Fact]
    public void AlgorithmsWithoutAPlatformDigestStayBouncyCastles()
    {
        Assert.IsNotType<PlatformDigest>(_platform.CreateDigest(CryptoHashAlgorithm.md5));
        Assert.IsType<PlatformDigest>(_platform.CreateDigest(CryptoHashAlgorithm.sha256));
    }
}
