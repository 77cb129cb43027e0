using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>A peer's X.509 certificate as BouncyCastle parses and checks it, except that an ECDSA signature by a
/// P-256 key (what browsers and rtpengine use) is verified by <see cref="PlatformEcdsaVerifier"/>; other keys keep
/// BouncyCastle's verifiers.</summary>
internal sealed class PlatformEcdsaCertificate(BcTlsCrypto crypto, byte[] encoding) : BcTlsCertificate(crypto, encoding)
{
    public override TlsVerifier CreateVerifier(short signatureAlgorithm)
    {
        if (signatureAlgorithm != SignatureAlgorithm.ecdsa)
        {
            return base.CreateVerifier(signatureAlgorithm);
        }

        ValidateKeyUsage(KeyUsage.DigitalSignature);
        var publicKey = GetPubKeyEC();
        if (!SecObjectIdentifiers.SecP256r1.Equals(publicKey.PublicKeyParamSet))
        {
            return base.CreateVerifier(signatureAlgorithm);
        }

        // BouncyCastle validated the point when it parsed the certificate.
        var q = publicKey.Q.Normalize();
        return new PlatformEcdsaVerifier(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = q.AffineXCoord.GetEncoded(), Y = q.AffineYCoord.GetEncoded() },
        });
    }
}
