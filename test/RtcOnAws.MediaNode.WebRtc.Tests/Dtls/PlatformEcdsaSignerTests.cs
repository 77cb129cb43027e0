using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class PlatformEcdsaSignerTests
{
    private static readonly SignatureAndHashAlgorithm EcdsaSha256 = new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate(new FakeTimeProvider(DateTimeOffset.UtcNow));
    private readonly BcTlsCrypto _crypto = new(new SecureRandom());
    private readonly byte[] _hash = SHA256.HashData("server key exchange params"u8);

    [Fact]
    public void OurSignatureVerifiesWithBouncyCastlesVerifierOnlyForTheSignedHash()
    {
        var signature = new PlatformEcdsaSigner(_certificate.SigningKey).GenerateRawSignature(EcdsaSha256, _hash);
        var verifier = PeerVerifier(_certificate);

        Assert.True(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), _hash));
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), SHA256.HashData("other"u8)));
    }

    [Fact]
    public void ItSignsWithTheCertificatesKeyNotAnother()
    {
        var stranger = DtlsCertificate.Generate(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var signature = new PlatformEcdsaSigner(stranger.SigningKey).GenerateRawSignature(EcdsaSha256, _hash);

        Assert.False(PeerVerifier(_certificate).VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), _hash));
        Assert.True(PeerVerifier(stranger).VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), _hash));
    }

    [Fact]
    public void BouncyCastlesSignatureAndOursAreTheSameKindOfDerSequence()
    {
        var ours = new PlatformEcdsaSigner(_certificate.SigningKey).GenerateRawSignature(EcdsaSha256, _hash);
        var theirs = new BcTlsECDsaSigner(_crypto, (ECPrivateKeyParameters)_certificate.PrivateKey).GenerateRawSignature(EcdsaSha256, _hash);

        Assert.True(_certificate.SigningKey.VerifyHash(_hash, theirs, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(_certificate.SigningKey.VerifyHash(_hash, ours, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(0x30, ours[0]);
    }

    [Fact]
    public void SigningFromManyThreadsAtOnceGivesValidSignatures()
    {
        var signer = new PlatformEcdsaSigner(_certificate.SigningKey);
        var signatures = new byte[64][];

        Parallel.For(0, signatures.Length, i => signatures[i] = signer.GenerateRawSignature(EcdsaSha256, _hash));

        var verifier = PeerVerifier(_certificate);
        Assert.All(signatures, signature => Assert.True(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), _hash)));
    }

    [Fact]
    public void ItRefusesANonEcdsaOrUnnamedAlgorithm()
    {
        var signer = new PlatformEcdsaSigner(_certificate.SigningKey);
        var rsa = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa);

        Assert.Equal(AlertDescription.internal_error, Assert.Throws<TlsFatalAlert>(() => signer.GenerateRawSignature(rsa, _hash)).AlertDescription);
        Assert.Equal(AlertDescription.internal_error, Assert.Throws<TlsFatalAlert>(() => signer.GenerateRawSignature(null, _hash)).AlertDescription);
    }

    private TlsVerifier PeerVerifier(DtlsCertificate certificate) =>
        _crypto.CreateCertificate(certificate.DerEncoded).CreateVerifier(SignatureAlgorithm.ecdsa);
}
