using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class PlatformEcdsaTests
{
    private static readonly SignatureAndHashAlgorithm EcdsaSha256 = new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate(new FakeTimeProvider(DateTimeOffset.UtcNow));
    private readonly PlatformTlsCrypto _crypto = new(new SecureRandom());
    private readonly byte[] _hash = SHA256.HashData("server key exchange params"u8);

    [Fact]
    public void OurSignatureVerifiesWithBouncyCastlesVerifier()
    {
        var signature = new PlatformEcdsaSigner(_certificate.SigningKey).GenerateRawSignature(EcdsaSha256, _hash);
        var verifier = new BcTlsCertificate(new BcTlsCrypto(new SecureRandom()), _certificate.DerEncoded)
            .CreateVerifier(SignatureAlgorithm.ecdsa);

        Assert.True(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), _hash));
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), SHA256.HashData("other"u8)));
    }

    [Fact]
    public void BouncyCastlesSignatureVerifiesWithThePlatformVerifier()
    {
        var signature = new BcTlsECDsaSigner(new BcTlsCrypto(new SecureRandom()), (ECPrivateKeyParameters)_certificate.PrivateKey)
            .GenerateRawSignature(EcdsaSha256, _hash);
        var verifier = _crypto.CreateCertificate(CertificateType.X509, _certificate.DerEncoded).CreateVerifier(SignatureAlgorithm.ecdsa);

        Assert.IsType<PlatformEcdsaVerifier>(verifier);
        Assert.True(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), _hash));
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), SHA256.HashData("other"u8)));
    }

    [Fact]
    public void AMalformedSignatureIsInvalidNotAnException()
    {
        var verifier = _crypto.CreateCertificate(CertificateType.X509, _certificate.DerEncoded).CreateVerifier(SignatureAlgorithm.ecdsa);
        var signature = new PlatformEcdsaSigner(_certificate.SigningKey).GenerateRawSignature(EcdsaSha256, _hash);

        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature[..^1]), _hash));
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, [0x30, 0x00]), _hash));
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, []), _hash));
    }

    [Fact]
    public void AnotherKeysSignatureIsInvalid()
    {
        var stranger = DtlsCertificate.Generate(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var signature = new PlatformEcdsaSigner(stranger.SigningKey).GenerateRawSignature(EcdsaSha256, _hash);
        var verifier = _crypto.CreateCertificate(CertificateType.X509, _certificate.DerEncoded).CreateVerifier(SignatureAlgorithm.ecdsa);

        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), _hash));
    }

    [Fact]
    public void APeerCertificateOnAnotherCurveKeepsBouncyCastlesVerifier()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=p384", key, HashAlgorithmName.SHA384);
        using var p384 = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        var signature = key.SignHash(SHA256.HashData("x"u8), DSASignatureFormat.Rfc3279DerSequence);

        var verifier = _crypto.CreateCertificate(CertificateType.X509, p384.RawData).CreateVerifier(SignatureAlgorithm.ecdsa);

        Assert.IsType<BcTlsECDsaVerifier>(verifier);
        Assert.True(verifier.VerifyRawSignature(new DigitallySigned(EcdsaSha256, signature), SHA256.HashData("x"u8)));
    }

    [Fact]
    public void TheSignerRefusesANonEcdsaAlgorithm()
    {
        var rsa = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa);

        var alert = Assert.Throws<TlsFatalAlert>(() => new PlatformEcdsaSigner(_certificate.SigningKey).GenerateRawSignature(rsa, _hash));

        Assert.Equal(AlertDescription.internal_error, alert.AlertDescription);
    }
}
