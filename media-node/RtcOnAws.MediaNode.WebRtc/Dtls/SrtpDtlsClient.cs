using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>Our DTLS 1.2 client (a=setup:active): offers use_srtp, checks the server's certificate against the
/// SDP fingerprint and answers the certificate request with our ECDSA certificate.</summary>
internal sealed class SrtpDtlsClient(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation) : DefaultTlsClient(crypto)
{
    private readonly BcTlsCrypto _crypto = crypto;
    private readonly DtlsSrtpNegotiation _negotiation = negotiation;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(DtlsSrtpNegotiation.OfferedProfiles, []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null || chosen.ProtectionProfiles.Length != 1)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }

        _negotiation.Profile = DtlsSrtpNegotiation.Choose(chosen) ?? throw new TlsFatalAlert(AlertDescription.illegal_parameter);
    }

    public override TlsAuthentication GetAuthentication() => new PeerAuthentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _negotiation.ExportKeys(m_context);
    }

    private sealed class PeerAuthentication(SrtpDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client._negotiation.VerifyPeer(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            client._negotiation.CreateSigner(client.m_context, client._crypto);
    }
}
