using Amazon.CDK;

namespace RtcOnAws.Constructs.Dns;

/// <summary>
/// The Route 53 health check of a region's latency record: a TCP check against a public address, or, for private
/// addresses (which Route 53's checkers cannot reach), the state of a CloudWatch alarm. Exactly one of
/// <see cref="IpAddress"/> and <see cref="AlarmName"/>.
/// </summary>
public sealed class SipDnsHealthCheck
{
    /// <summary>A public address to connect to over TCP (Route 53 does not probe UDP).</summary>
    /// <remarks>Default: none.</remarks>
    public string? IpAddress { get; init; }

    /// <summary>TCP port of the check, 1-65535.</summary>
    /// <remarks>Default: 5060.</remarks>
    public double? Port { get; init; }

    /// <summary>Name of a CloudWatch alarm whose state is the region's health.</summary>
    /// <remarks>Default: none.</remarks>
    public string? AlarmName { get; init; }

    /// <summary>Region of <see cref="AlarmName"/>. Required with it.</summary>
    /// <remarks>Default: none.</remarks>
    public string? AlarmRegion { get; init; }

    /// <summary>Seconds between checks from each checker: 10 or 30 (TCP checks only).</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public Duration? RequestInterval { get; init; }

    /// <summary>Consecutive failures before the record is withdrawn, 1-10 (TCP checks only).</summary>
    /// <remarks>Default: 3.</remarks>
    public double? FailureThreshold { get; init; }
}
