namespace RtcOnAws.MediaNode.HighAvailability.Dtls;

/// <summary>Why a node replaced the pair's stored DTLS certificate at start.</summary>
public enum PairCertificateReplacement
{
    /// <summary>The stored value was not a certificate with its matching private key.</summary>
    Corrupt,

    /// <summary>The stored certificate expires within <see cref="PairDtlsCertificate.RenewBefore"/>.</summary>
    Expiring,
}
