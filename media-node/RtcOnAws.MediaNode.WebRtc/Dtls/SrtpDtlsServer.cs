using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>Our DTLS 1.2 server (a=setup:passive): ECDSA credentials, a mandatory client certificate (its
/// fingerprint is the peer's identity) and use_srtp.</summary>
internal sealed class SrtpDtlsServer(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation) : DefaultTlsServer(crypto)
{
    private readonly BcTlsCrypto _crypto = crypto;

    /// <summary>Our certificate is ECDSA, so only ECDHE_ECDSA suites can be served; AEAD ones first.</summary>
    private static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, CipherSuites);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => negotiation.CreateSigner(m_context, _crypto);

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => negotiation.VerifyPeer(clientCertificate);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        negotiation.Profile = DtlsSrtpNegotiation.Choose(TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions))
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)negotiation.Profile!.Value], []));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        negotiation.ExportKeys(m_context);
    }
}
