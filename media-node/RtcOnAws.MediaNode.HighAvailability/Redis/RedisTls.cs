using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>
/// TLS to Redis (<c>--redis-tls</c>, <c>--redis-tls-ca-file</c>): the server certificate must name the host of
/// <c>--redis</c> and chain to the system trust store (ElastiCache's certificates are publicly trusted) or, with a CA
/// file, to one of the CAs in that file only. Every Redis connection of the node validates with
/// <see cref="ValidateServerCertificate"/>; there is no fallback to plaintext.
/// </summary>
public sealed class RedisTls
{
    private readonly X509Certificate2Collection? _trustedCas;

    private RedisTls(string? caFile, X509Certificate2Collection? trustedCas)
    {
        CaFile = caFile;
        _trustedCas = trustedCas;
    }

    /// <summary>TLS validated against the system trust store.</summary>
    public static RedisTls UsingSystemTrust() => new(null, null);

    /// <summary>The PEM file of the CAs trusted instead of the system store; <c>null</c> for the system store.</summary>
    public string? CaFile { get; }

    /// <summary>Why the last certificate was refused, for logs; <c>null</c> while none was.</summary>
    public string? LastRejection { get; private set; }

    /// <summary>
    /// TLS trusting only the CA certificates in the PEM file at <paramref name="path"/>. Throws
    /// <see cref="FormatException"/> naming <c>--redis-tls-ca-file</c> when the file cannot be read or holds no certificate.
    /// </summary>
    public static RedisTls FromCaFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new FormatException($"--redis-tls-ca-file {path}: cannot read a PEM certificate ({e.Message})", e);
        }

        if (cas.Count == 0)
        {
            throw new FormatException($"--redis-tls-ca-file {path}: holds no PEM certificate ('-----BEGIN CERTIFICATE-----')");
        }

        return new RedisTls(path, cas);
    }

    /// <summary>
    /// The <see cref="RemoteCertificateValidationCallback"/> for <see cref="SslStream"/>: accepts only a certificate
    /// issued for the host the client asked for, chaining to the trusted CAs.
    /// </summary>
    public bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var rejection = Check(certificate, chain, errors);
        LastRejection = rejection ?? LastRejection;
        return rejection is null;
    }

    /// <inheritdoc />
    public override string ToString() => CaFile is null ? "TLS (system trust store)" : $"TLS (CA file {CaFile})";

    private string? Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server sent no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"the certificate '{certificate.Subject}' is not issued for the host of --redis";
        }

        if (_trustedCas is null)
        {
            return errors == SslPolicyErrors.None
                ? null
                : $"the certificate '{certificate.Subject}' does not chain to the system trust store ({ChainStatus(chain)})";
        }

        // Our own chain, rooted only in the CA file: the system store must not make a certificate acceptable.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trustedCas);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf)
            ? null
            : $"the certificate '{certificate.Subject}' does not chain to a CA in --redis-tls-ca-file {CaFile} ({ChainStatus(custom)})";
    }

    private static string ChainStatus(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain"
            : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
}
