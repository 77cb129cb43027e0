using RtcOnAws.Constructs.Edge;

namespace RtcOnAws.Constructs.Dns;

/// <summary>
/// The SBC addresses of one availability zone: one A record <c>&lt;Label&gt;.&lt;domain&gt;</c>, one health-checked value in
/// each SIP SRV record, and the Route 53 health check of the AZ.
/// </summary>
public sealed class SipAzTarget
{
    /// <summary>DNS label of the AZ's A record, for example <c>use1-az1</c>; unique within the <see cref="SipDns"/>. Required.</summary>
    public required string Label { get; init; }

    /// <summary>The AZ's SBC addresses (Elastic IPs; tokens are fine); at least one. Required.</summary>
    public required IReadOnlyList<string> Addresses { get; init; }

    /// <summary>SRV priority, 0-65535; lower is preferred.</summary>
    /// <remarks>Default: 10.</remarks>
    public double? Priority { get; init; }

    /// <summary>SRV weight among targets of equal priority, 0-65535.</summary>
    /// <remarks>Default: 10.</remarks>
    public double? Weight { get; init; }

    /// <summary>Port in the <c>_sip._udp</c> and <c>_sip._tcp</c> SRV values, 1-65535.</summary>
    /// <remarks>Default: 5060.</remarks>
    public double? SipPort { get; init; }

    /// <summary>
    /// The public address whose TCP <see cref="SipPort"/> decides the AZ's health: Route 53 probes it, and the AZ's SRV
    /// values are withdrawn while it fails. For an SBC pair, its Elastic IP: the probe reaches the SIP proxy on the node
    /// holding the floating address.
    /// </summary>
    /// <remarks>Default: the first of <see cref="Addresses"/>.</remarks>
    public string? HealthCheckAddress { get; init; }

    /// <summary>
    /// How Route 53 probes <see cref="HealthCheckAddress"/>: an HTTP GET of <see cref="SipHealthAnswer.Path"/> on
    /// <see cref="SipPort"/>, which an RtcOnAws SBC's Kamailio answers 200 only while its media-node serves (not a standby,
    /// not fenced), or a bare TCP connect for SIP servers that answer no HTTP.
    /// </summary>
    /// <remarks>Default: <see cref="SipHealthCheckProtocol.Http"/>.</remarks>
    public SipHealthCheckProtocol? HealthCheckProtocol { get; init; }
}
