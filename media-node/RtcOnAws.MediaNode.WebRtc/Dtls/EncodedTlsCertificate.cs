using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// A certificate that keeps the bytes it was parsed from. BouncyCastle's re-encodes its parsed structure every time
/// the encoding is asked for: once to send ours in each handshake, once to hash the peer's for the fingerprint check.
/// The received bytes are also exactly what the SDP fingerprint covers (RFC 8122 5).
/// </summary>
internal sealed class EncodedTlsCertificate : BcTlsCertificate
{
    private readonly byte[] _encoding;

    /// <summary>A received certificate, parsed here.</summary>
    public EncodedTlsCertificate(BcTlsCrypto crypto, byte[] encoding)
        : base(crypto, encoding)
    {
        _encoding = (byte[])encoding.Clone();
    }

    /// <summary>Our own certificate, parsed once per node: ASN.1 structures are immutable, so every handshake shares
    /// it instead of parsing the same bytes again.</summary>
    public EncodedTlsCertificate(BcTlsCrypto crypto, X509CertificateStructure parsed, byte[] encoding)
        : base(crypto, parsed)
    {
        _encoding = encoding;
    }

    /// <summary>A copy, as BouncyCastle's is: callers own the array they get.</summary>
    public override byte[] GetEncoded() => (byte[])_encoding.Clone();
}
