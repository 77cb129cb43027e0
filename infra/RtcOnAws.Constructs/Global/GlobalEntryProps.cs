using Amazon.CDK;

namespace RtcOnAws.Constructs.Global;

/// <summary>Props of <see cref="GlobalEntry"/>.</summary>
public sealed class GlobalEntryProps
{
    /// <summary>The regions behind the accelerator, each once; at least one. Required.</summary>
    public required IReadOnlyList<GlobalEntryRegion> Regions { get; init; }

    /// <summary>Name of the accelerator, 1-64 characters of letters, digits and '-'.</summary>
    /// <remarks>Default: derived from the construct path.</remarks>
    public string? AcceleratorName { get; init; }

    /// <summary>How often each endpoint is health-checked: 10 or 30 seconds.</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public Duration? HealthCheckInterval { get; init; }

    /// <summary>Consecutive failed checks before an endpoint is unhealthy (and as many passes to recover), 1-10.</summary>
    /// <remarks>Default: 3.</remarks>
    public double? HealthCheckThreshold { get; init; }

    /// <summary>Port of the health checks' HTTP GET of <see cref="Edge.SipHealthAnswer.Path"/> on Elastic IP endpoints, 1-65535.</summary>
    /// <remarks>Default: 5060 (SIP over TCP, where the SBC's Kamailio answers it).</remarks>
    public double? HealthCheckPort { get; init; }

    /// <summary>Whether the TCP listener also carries SIP over TLS on 5061.</summary>
    /// <remarks>Default: true.</remarks>
    public bool? IncludeTls { get; init; }
}
