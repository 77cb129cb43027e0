using Org.BouncyCastle.Tls.Crypto;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>The secp256r1 group for ECDHE: each key exchange gets a fresh <see cref="PlatformP256Agreement"/>.</summary>
internal sealed class PlatformP256Domain(TlsCrypto crypto) : TlsECDomain
{
    public TlsAgreement CreateECDH() => new PlatformP256Agreement(crypto);
}
