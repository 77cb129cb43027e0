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

    /// <summary>
    /// Where SIP over TLS terminates: <c>_sips._tcp.&lt;domain&gt;</c> names this host on <see cref="TlsPort"/>. The AZ
    /// targets' addresses are not used for TLS, since an SBC Elastic IP terminates no TLS itself; point this at a name
    /// whose port does (for example the domain aliased to a Global Accelerator in front of TLS listeners).
    /// </summary>
    /// <remarks>Default: none, no <c>_sips._tcp</c> record.</remarks>
    public string? TlsHostName { get; init; }

    /// <summary>Port of <see cref="TlsHostName"/>, 1-65535.</summary>
    /// <remarks>Default: 5061.</remarks>
    public double? TlsPort { get; init; }

    /// <summary>Seconds between the AZ health checks' probes from each checker: 10 or 30.</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public Duration? HealthCheckInterval { get; init; }

    /// <summary>Consecutive failed probes before an AZ's SRV values are withdrawn, 1-10.</summary>
    /// <remarks>Default: 3.</remarks>
    public double? HealthCheckFailureThreshold { get; init; }
}
