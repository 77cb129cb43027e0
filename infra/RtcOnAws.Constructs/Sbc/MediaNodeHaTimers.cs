using Amazon.CDK;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// Failure-detection timers of a hot-standby pair's media nodes (<see cref="SbcPairProps.HighAvailabilityTimers"/>), passed
/// as the daemon's <c>--ha-*</c> flags in whole milliseconds.
/// </summary>
/// <remarks>
/// The defaults are deliberately slower than the daemon's own (tuned for a LAN pair with a sub-millisecond local
/// takeover): on AWS the address moves through the EC2 API in about 1-2 s, so a false takeover (an active stalled for
/// tens of milliseconds by Kamailio or a garbage collection) costs seconds of audio, while shorter timers gain nothing
/// against that move. Rules (the daemon's own): <c>2 × LeaseRenew ≤ LeaseTtl − FenceMargin</c>,
/// <c>0 &lt; FenceMargin &lt; LeaseTtl</c>, <c>LeaseTtl ≥ 20 ms</c>, <c>HeartbeatTimeout ≥ 16 ms</c>,
/// <c>1 ms ≤ HeartbeatInterval ≤ min(1000 ms, HeartbeatTimeout / 2)</c>.
/// </remarks>
public sealed class MediaNodeHaTimers
{
    /// <summary>Default <see cref="HeartbeatInterval"/>.</summary>
    public static Duration DefaultHeartbeatInterval { get; } = Duration.Millis(20);

    /// <summary>Default <see cref="HeartbeatTimeout"/>.</summary>
    public static Duration DefaultHeartbeatTimeout { get; } = Duration.Millis(150);

    /// <summary>Default <see cref="LeaseTtl"/>.</summary>
    public static Duration DefaultLeaseTtl { get; } = Duration.Millis(300);

    /// <summary>Default <see cref="LeaseRenew"/>.</summary>
    public static Duration DefaultLeaseRenew { get; } = Duration.Millis(50);

    /// <summary>Default <see cref="FenceMargin"/>.</summary>
    public static Duration DefaultFenceMargin { get; } = Duration.Millis(100);

    /// <summary>Time between peer heartbeats (<c>--ha-heartbeat-interval</c>).</summary>
    /// <remarks>Default: 20 ms.</remarks>
    public Duration? HeartbeatInterval { get; init; }

    /// <summary>Time without an authentic heartbeat after which the peer counts as silent (<c>--ha-heartbeat-timeout</c>).</summary>
    /// <remarks>Default: 150 ms.</remarks>
    public Duration? HeartbeatTimeout { get; init; }

    /// <summary>Lifetime of the active's Redis lease without renewal; bounds the takeover after a crash (<c>--ha-lease-ttl</c>).</summary>
    /// <remarks>Default: 300 ms.</remarks>
    public Duration? LeaseTtl { get; init; }

    /// <summary>Renewal period of the lease by the active (<c>--ha-lease-renew</c>).</summary>
    /// <remarks>Default: 50 ms.</remarks>
    public Duration? LeaseRenew { get; init; }

    /// <summary>How long before its lease could lapse an active that cannot renew stops forwarding (<c>--ha-fence-margin</c>).</summary>
    /// <remarks>Default: 100 ms.</remarks>
    public Duration? FenceMargin { get; init; }
}
