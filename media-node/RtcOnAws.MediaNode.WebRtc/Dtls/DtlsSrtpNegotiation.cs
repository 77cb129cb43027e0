using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>What the DTLS server and client share: our credentials, the peer fingerprint check, the use_srtp
/// profiles in our preference order, and the key export once the handshake is done.</summary>
internal sealed class DtlsSrtpNegotiation(DtlsCertificate local, DtlsFingerprint expectedRemote, DtlsRole role)
{
    /// <summary>GCM first: authenticated encryption in one pass, and what browsers prefer too.</summary>
    public static readonly int[] OfferedProfiles =
    [
        SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
        SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
    ];

    public DtlsRole Role => role;

    public bool FingerprintMismatch { get; private set; }

    public SrtpProfile? Profile { get; set; }

    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>Our certificate as parsed once by <see cref="DtlsCertificate"/>, not again per handshake.</summary>
    public Certificate CreateTlsCertificate(BcTlsCrypto crypto) =>
        new([new EncodedTlsCertificate(crypto, local.Certificate.CertificateStructure, local.DerEncoded)]);

    public TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto) =>
        new DefaultTlsCredentialedSigner(new TlsCryptoParameters(context), new PlatformEcdsaSigner(local.SigningKey),
            CreateTlsCertificate(crypto), new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    /// <summary>RFC 8842 5: the peer's end-entity certificate must hash to the SDP fingerprint, else the
    /// handshake aborts with bad_certificate before any key is derived.</summary>
    public void VerifyPeer(Certificate? peer)
    {
        if (peer is null || peer.IsEmpty || !expectedRemote.Matches(peer.GetCertificateAt(0).GetEncoded()))
        {
            FingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    public static SrtpProfile? Choose(UseSrtpData? offered)
    {
        if (offered is null)
        {
            return null;
        }

        foreach (var profile in OfferedProfiles)
        {
            if (Array.IndexOf(offered.ProtectionProfiles, profile) >= 0)
            {
                return (SrtpProfile)profile;
            }
        }

        return null;
    }

    public void ExportKeys(TlsContext context)
    {
        var profile = Profile ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
        var length = 2 * (DtlsSrtpKeys.KeyLength + DtlsSrtpKeys.SaltLength(profile));
        var exported = context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, length);
        Keys = DtlsSrtpKeys.Split(profile, exported, role);
    }
}
