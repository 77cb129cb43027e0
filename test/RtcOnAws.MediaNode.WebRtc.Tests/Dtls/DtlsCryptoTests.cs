using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class DtlsCryptoTests
{
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate(new FakeTimeProvider(DateTimeOffset.UtcNow));

    [Fact]
    public void AReceivedCertificateGivesBackTheBytesItWasParsedFromAsTheCallersOwnCopy()
    {
        var encoded = (byte[])_certificate.DerEncoded.Clone();
        var certificate = new DtlsCrypto(new SecureRandom()).CreateCertificate(encoded);
        encoded[^1] ^= 1;

        var first = certificate.GetEncoded();
        first[^1] ^= 1;

        Assert.Equal(_certificate.DerEncoded, certificate.GetEncoded());
        Assert.Equal(new BcTlsCrypto(new SecureRandom()).CreateCertificate(_certificate.DerEncoded).GetEncoded(), certificate.GetEncoded());
    }

    [Fact]
    public void OurCertificateIsSentAsItsOwnBytesAndCarriesItsPublicKey()
    {
        var crypto = new DtlsCrypto(new SecureRandom());
        var negotiation = new DtlsSrtpNegotiation(_certificate, _certificate.Fingerprint, DtlsRole.Server);

        var sent = negotiation.CreateTlsCertificate(crypto).GetCertificateAt(0);

        Assert.Equal(_certificate.DerEncoded, sent.GetEncoded());
        Assert.Equal(_certificate.Certificate.SubjectPublicKeyInfo.GetEncoded(),
            ((BcTlsCertificate)sent).X509CertificateStructure.SubjectPublicKeyInfo.GetEncoded());
    }
}
