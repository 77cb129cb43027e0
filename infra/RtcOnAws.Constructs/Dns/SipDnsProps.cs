using Amazon.CDK;
using Amazon.CDK.AWS.Route53;

namespace RtcOnAws.Constructs.Dns;

/// <summary>Props of <see cref="SipDns"/>.</summary>
public sealed class SipDnsProps
{
    /// <summary>The hosted zone the records go in. Required.</summary>
    public required IHostedZone HostedZone { get; init; }

    /// <summary>The SIP domain; the records are <c>_sip._udp.&lt;domain&gt;</c>, <c>&lt;label&gt;.&lt;domain&gt;</c> and so on.</summary>
    /// <remarks>Default: the hosted zone's name.</remarks>
    public string? Domain { get; init; }

    /// <summary>The AZ targets of the SRV records, each with its own A record; at least one. Required.</summary>
    public required IReadOnlyList<SipAzTarget> AzTargets { get; init; }

    /// <summary>Regions of the latency-based A record of the domain itself, each with a health check.</summary>
    /// <remarks>Default: none (no latency record).</remarks>
    public IReadOnlyList<SipRegionTarget>? RegionTargets { get; init; }

    /// <summary>
    /// TTL of every record, 1-300 seconds. Clients cache records this long after a failover, so it must stay short
    /// (CDK's own default, 30 minutes, would keep clients on a dead address).
    /// </summary>
    /// <remarks>Default: 30 seconds.</remarks>
    public Duration? Ttl { get; init; }

    /// <summary>Whether to publish <c>_sips._tcp</c> (SIP over TLS) besides <c>_sip._udp</c> and <c>_sip._tcp</c>.</summary>
    /// <remarks>Default: true.</remarks>
    public bool? IncludeTls { get; init; }
}
