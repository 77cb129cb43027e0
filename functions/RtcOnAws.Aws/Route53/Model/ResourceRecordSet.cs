namespace RtcOnAws.Aws.Route53.Model;

/// <summary>A record set (name, type and, for routing policies, set identifier).</summary>
public sealed class ResourceRecordSet
{
    /// <summary>Fully qualified name, e.g. "sip.example.com." (Route 53 returns it with the trailing dot).</summary>
    public string? Name { get; set; }

    /// <summary>Record type, see <see cref="RRType"/>.</summary>
    public string? Type { get; set; }

    /// <summary>Distinguishes record sets with the same name and type under a routing policy.</summary>
    public string? SetIdentifier { get; set; }

    /// <summary>Weighted routing weight.</summary>
    public long? Weight { get; set; }

    /// <summary>Latency routing region.</summary>
    public string? Region { get; set; }

    /// <summary>Failover routing: "PRIMARY" or "SECONDARY".</summary>
    public string? Failover { get; set; }

    /// <summary>Multivalue answer routing.</summary>
    public bool? MultiValueAnswer { get; set; }

    /// <summary>TTL in seconds (required unless AliasTarget).</summary>
    public long? TTL { get; set; }

    /// <summary>Values, e.g. "10.0.1.5" for A or "10 50 5060 sip-a.example.com." for SRV.</summary>
    public List<ResourceRecord> ResourceRecords { get; set; } = [];

    /// <summary>Alias target (instead of TTL and ResourceRecords).</summary>
    public AliasTarget? AliasTarget { get; set; }

    /// <summary>Health check gating this record set.</summary>
    public string? HealthCheckId { get; set; }
}

/// <summary>One value of a record set.</summary>
public sealed class ResourceRecord
{
    /// <summary>Creates an empty value.</summary>
    public ResourceRecord()
    {
    }

    /// <summary>Creates a value.</summary>
    public ResourceRecord(string value) => Value = value;

    /// <summary>RDATA in presentation format.</summary>
    public string? Value { get; set; }
}

/// <summary>Alias target.</summary>
public sealed class AliasTarget
{
    /// <summary>Hosted zone of the target.</summary>
    public string? HostedZoneId { get; set; }

    /// <summary>DNS name of the target.</summary>
    public string? DNSName { get; set; }

    /// <summary>Whether the target's health decides.</summary>
    public bool EvaluateTargetHealth { get; set; }
}

/// <summary>Record types.</summary>
public static class RRType
{
    /// <summary>A</summary>
    public const string A = "A";

    /// <summary>AAAA</summary>
    public const string AAAA = "AAAA";

    /// <summary>SRV</summary>
    public const string SRV = "SRV";

    /// <summary>CNAME</summary>
    public const string CNAME = "CNAME";

    /// <summary>TXT</summary>
    public const string TXT = "TXT";

    /// <summary>NAPTR</summary>
    public const string NAPTR = "NAPTR";

    /// <summary>NS</summary>
    public const string NS = "NS";

    /// <summary>SOA</summary>
    public const string SOA = "SOA";
}
