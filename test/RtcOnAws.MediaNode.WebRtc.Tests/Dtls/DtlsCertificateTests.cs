using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void GeneratedCertificateIsP256SelfSignedAndValidNow()
    {
        var certificate = DtlsCertificate.Generate(_time);

        Assert.Equal("SHA-256withECDSA", certificate.Certificate.SigAlgName);
        certificate.Certificate.Verify(certificate.Certificate.GetPublicKey());
        Assert.True(certificate.Certificate.IsValid(_time.GetUtcNow().UtcDateTime));
        Assert.True(certificate.Fingerprint.Matches(certificate.DerEncoded));
    }

    [Fact]
    public void FingerprintFormatsAsSdpAndParsesBack()
    {
        var fingerprint = DtlsCertificate.Generate(_time).Fingerprint;
        var text = fingerprint.ToString();

        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", text);
        Assert.Equal(fingerprint, DtlsFingerprint.TryParse(text));
        Assert.Equal(fingerprint, DtlsFingerprint.TryParse("SHA-256 " + text[8..].ToLowerInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-1 ZZ:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    public void MalformedFingerprintsAreRefused(string? value) => Assert.Null(DtlsFingerprint.TryParse(value));

    [Fact]
    public void ExportedCertificateImportsWithTheSameFingerprint()
    {
        var original = DtlsCertificate.Generate(_time);
        var (certificate, privateKey) = original.Export();

        var imported = DtlsCertificate.Import(certificate, privateKey);

        Assert.Equal(original.Fingerprint, imported.Fingerprint);
        Assert.Equal(original.PrivateKey, imported.PrivateKey);
    }

    [Fact]
    public void PemRoundTripKeepsTheFingerprint()
    {
        var original = DtlsCertificate.Generate(_time);

        var imported = DtlsCertificate.ImportPem(original.ExportPem());

        Assert.Equal(original.Fingerprint, imported.Fingerprint);
        Assert.Throws<FormatException>(() => DtlsCertificate.ImportPem(original.ExportPem().Split("-----BEGIN PRIVATE KEY-----")[0]));
    }

    [Fact]
    public void AnRsaPairIsRefusedAtImportNotAtTheFirstHandshake()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=rsa", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(_time.GetUtcNow().AddHours(-1), _time.GetUtcNow().AddDays(1));

        Assert.Throws<FormatException>(() => DtlsCertificate.ImportPem(certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void AnOpensslGeneratedPairIsReadWithOpensslsFingerprint()
    {
        var directory = Directory.CreateTempSubdirectory("dt-cert-");
        try
        {
            var key = Path.Combine(directory.FullName, "key.pem");
            var certificate = Path.Combine(directory.FullName, "cert.pem");
            Openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                "-out", certificate, "-days", "30", "-subj", "/CN=pair");
            var fingerprint = Openssl("x509", "-in", certificate, "-noout", "-fingerprint", "-sha256").Trim().Split('=')[1];

            var imported = DtlsCertificate.ImportPem(File.ReadAllText(certificate) + File.ReadAllText(key));

            Assert.Equal("sha-256 " + fingerprint, imported.Fingerprint.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ExportedKeyingMaterialIsSplitClientKeyServerKeyClientSaltServerSalt()
    {
        var exported = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        var client = DtlsSrtpKeys.Split(SrtpProfile.Aes128CmHmacSha1_80, exported, DtlsRole.Client);
        var server = DtlsSrtpKeys.Split(SrtpProfile.Aes128CmHmacSha1_80, exported, DtlsRole.Server);

        Assert.Equal(exported[..16], client.LocalKey);
        Assert.Equal(exported[16..32], client.RemoteKey);
        Assert.Equal(exported[32..46], client.LocalSalt);
        Assert.Equal(exported[46..60], client.RemoteSalt);
        Assert.Equal(client.LocalKey, server.RemoteKey);
        Assert.Equal(client.RemoteSalt, server.LocalSalt);
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.Split(SrtpProfile.AeadAes128Gcm, exported, DtlsRole.Client));
    }

    private static string Openssl(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}
