using System.Security.Cryptography;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>An <c>a=fingerprint</c> value (RFC 8122): a hash function name and the certificate's digest.</summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private DtlsFingerprint(string algorithm, byte[] digest)
    {
        Algorithm = algorithm;
        Digest = digest;
    }

    /// <summary>Lower-case hash name as SDP writes it, e.g. "sha-256".</summary>
    public string Algorithm { get; }

    public byte[] Digest { get; }

    public static DtlsFingerprint Sha256(ReadOnlySpan<byte> derCertificate) =>
        new("sha-256", SHA256.HashData(derCertificate));

    /// <summary>Parses "sha-256 AB:CD:..." (the attribute's value); null when malformed or an unsupported hash.</summary>
    public static DtlsFingerprint? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            return null;
        }

        var algorithm = parts[0].ToLowerInvariant();
        var expectedLength = algorithm switch
        {
            "sha-1" => 20,
            "sha-256" => 32,
            "sha-384" => 48,
            "sha-512" => 64,
            _ => 0,
        };
        var hex = parts[1].Replace(":", "", StringComparison.Ordinal);
        if (expectedLength == 0 || hex.Length != expectedLength * 2)
        {
            return null;
        }

        try
        {
            return new DtlsFingerprint(algorithm, Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="derCertificate"/> hashes to this fingerprint with this fingerprint's hash.</summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate)
    {
        Span<byte> digest = stackalloc byte[64];
        var written = Algorithm switch
        {
            "sha-1" => SHA1.HashData(derCertificate, digest),
            "sha-256" => SHA256.HashData(derCertificate, digest),
            "sha-384" => SHA384.HashData(derCertificate, digest),
            _ => SHA512.HashData(derCertificate, digest),
        };
        return CryptographicOperations.FixedTimeEquals(digest[..written], Digest);
    }

    /// <summary>The SDP form: "sha-256 AB:CD:...".</summary>
    public override string ToString() => Algorithm + " " + string.Join(':', Digest.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    public bool Equals(DtlsFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && Digest.AsSpan().SequenceEqual(other.Digest);

    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    public override int GetHashCode() => HashCode.Combine(Algorithm, Digest.Length > 0 ? Digest[0] : 0);
}
