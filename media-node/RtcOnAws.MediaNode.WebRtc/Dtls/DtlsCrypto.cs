using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>BouncyCastle's TLS crypto whose certificates keep the bytes they were parsed from
/// (<see cref="EncodedTlsCertificate"/>), so no handshake re-encodes the peer's certificate to fingerprint it.</summary>
internal sealed class DtlsCrypto(SecureRandom random) : BcTlsCrypto(random)
{
    public override TlsCertificate CreateCertificate(byte[] encoding) => new EncodedTlsCertificate(this, encoding);
}
