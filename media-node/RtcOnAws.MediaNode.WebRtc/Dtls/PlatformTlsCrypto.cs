using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's TLS crypto with the handshake's elliptic-curve work moved to .NET's platform primitives (OpenSSL on
/// Linux): P-256 ECDHE (<see cref="PlatformP256Agreement"/>) and ECDSA verification of a P-256 peer certificate
/// (<see cref="PlatformEcdsaCertificate"/>). BouncyCastle's managed curve arithmetic cost most of a handshake's CPU;
/// the protocol, hashes, PRF and record ciphers stay BouncyCastle's. Our own signatures are made by
/// <see cref="PlatformEcdsaSigner"/>, which <see cref="DtlsSrtpNegotiation"/> plugs into the credentials.
/// </summary>
internal sealed class PlatformTlsCrypto(SecureRandom random) : BcTlsCrypto(random)
{
    /// <summary>The ECDHE group done on the platform. Our client offers it first and our server picks it whenever
    /// the peer offers it (browsers and OpenSSL list X25519 first, which only BouncyCastle's managed code does here);
    /// P-256 is the group WebRTC requires every endpoint to support (RFC 8827 6.5).</summary>
    public const int PreferredGroup = NamedGroup.secp256r1;

    public override TlsECDomain CreateECDomain(TlsECConfig ecConfig) =>
        ecConfig.NamedGroup == PreferredGroup ? new PlatformP256Domain(this) : base.CreateECDomain(ecConfig);

    public override TlsCertificate CreateCertificate(short type, byte[] encoding) =>
        type == CertificateType.X509 ? new PlatformEcdsaCertificate(this, encoding) : base.CreateCertificate(type, encoding);
}
