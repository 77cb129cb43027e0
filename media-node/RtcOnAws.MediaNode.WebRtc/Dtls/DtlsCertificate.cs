using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// The node's DTLS identity: an ECDSA P-256 self-signed certificate (what browsers generate too) and the SHA-256
/// fingerprint SDP advertises in <c>a=fingerprint</c>. WebRTC authenticates by that fingerprint, not by a CA, so the
/// subject is irrelevant. An HA pair shares one (see <see cref="Export"/>) so a standby's answer still matches.
/// </summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        if (privateKey is not ECPrivateKeyParameters)
        {
            throw new FormatException("a DTLS private key must be an ECDSA key");
        }

        Certificate = certificate;
        PrivateKey = privateKey;
        SigningKey = ECDsa.Create();
        SigningKey.ImportPkcs8PrivateKey(PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded(), out _);
        DerEncoded = certificate.GetEncoded();
        Fingerprint = DtlsFingerprint.Sha256(DerEncoded);
    }

    public X509Certificate Certificate { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary><see cref="PrivateKey"/> as .NET's platform key, which signs the handshake far faster than
    /// BouncyCastle's managed curve arithmetic (see <see cref="PlatformEcdsaSigner"/>).</summary>
    internal ECDsa SigningKey { get; }

    public byte[] DerEncoded { get; }

    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The end of the certificate's validity.</summary>
    public DateTimeOffset NotAfter => new(DateTime.SpecifyKind(Certificate.NotAfter, DateTimeKind.Utc));

    /// <summary>Valid from an hour before <paramref name="time"/>'s now (peers' clocks drift) for 30 days; WebRTC
    /// peers do not check validity, but OpenSSL-based ones (rtpengine) reject a not-yet-valid certificate.</summary>
    public static DtlsCertificate Generate(TimeProvider time) => Generate(time, TimeSpan.FromDays(30));

    /// <summary>As <see cref="Generate(TimeProvider)"/>, valid for <paramref name="validity"/> from now.</summary>
    public static DtlsCertificate Generate(TimeProvider time, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(time);
        var random = new SecureRandom();
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keys = generator.GenerateKeyPair();

        var now = time.GetUtcNow().UtcDateTime;
        var name = new X509Name("CN=rtconaws-media-node");
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(new BigInteger(1, RandomNumberGenerator.GetBytes(16)));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(now.AddHours(-1));
        builder.SetNotAfter(now.Add(validity));
        builder.SetPublicKey(keys.Public);
        var certificate = builder.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keys.Private, random));
        return new DtlsCertificate(certificate, keys.Private);
    }

    /// <summary>DER certificate and PKCS#8 private key, for the pair's shared store.</summary>
    public (byte[] Certificate, byte[] PrivateKey) Export() =>
        (DerEncoded, PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetDerEncoded());

    public static DtlsCertificate Import(byte[] certificate, byte[] privateKey) =>
        new(new X509Certificate(certificate), PrivateKeyFactory.CreateKey(privateKey));

    /// <summary>Reads a PEM text holding a <c>CERTIFICATE</c> and its PKCS#8 <c>PRIVATE KEY</c> (what
    /// <c>openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes</c> writes), the form an HA pair's
    /// nodes share; throws <see cref="FormatException"/> when either is missing.</summary>
    public static DtlsCertificate ImportPem(string pem)
    {
        byte[]? certificate = null, privateKey = null;
        var remaining = pem.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            var label = remaining[fields.Label].ToString();
            var der = Convert.FromBase64String(remaining[fields.Base64Data].ToString());
            if (label == "CERTIFICATE")
            {
                certificate ??= der;
            }
            else if (label == "PRIVATE KEY")
            {
                privateKey ??= der;
            }

            remaining = remaining[fields.Location.End..];
        }

        if (certificate is null || privateKey is null)
        {
            throw new FormatException("a DTLS certificate file needs a CERTIFICATE and a PKCS#8 PRIVATE KEY block");
        }

        return Import(certificate, privateKey);
    }

    /// <summary>The PEM form <see cref="ImportPem"/> reads.</summary>
    public string ExportPem()
    {
        var (certificate, privateKey) = Export();
        return new string(PemEncoding.Write("CERTIFICATE", certificate)) + "\n" + new string(PemEncoding.Write("PRIVATE KEY", privateKey)) + "\n";
    }
}
