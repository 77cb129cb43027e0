namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>Timers of the role state machine. <see cref="Validate"/> enforces the orderings safety depends on.</summary>
/// <param name="LeaseTtl">Lease time to live in Redis.</param>
/// <param name="RenewInterval">How often the active renews (well below the TTL, so one lost renewal is harmless).</param>
/// <param name="FenceMargin">The active stops forwarding this long before its lease could expire (covers Redis latency).</param>
/// <param name="HeartbeatTimeout">The peer counts as silent after this long without an authentic heartbeat.</param>
/// <param name="Tick">How often the state machine looks at the world.</param>
public sealed record RoleOptions(TimeSpan LeaseTtl, TimeSpan RenewInterval, TimeSpan FenceMargin, TimeSpan HeartbeatTimeout, TimeSpan Tick)
{
    /// <summary>
    /// Defaults sized for a takeover within about 40 ms of a crash on a LAN (heartbeat every 10 ms, peer silent after
    /// 30 ms, lease 35 ms renewed every 5 ms) while an active survives 25 ms without a Redis reply before it fences
    /// itself (10 ms before the lease could lapse), or longer while its standby peer still echoes it.
    /// </summary>
    public static RoleOptions Default { get; } = new(
        LeaseTtl: TimeSpan.FromMilliseconds(35),
        RenewInterval: TimeSpan.FromMilliseconds(5),
        FenceMargin: TimeSpan.FromMilliseconds(10),
        HeartbeatTimeout: TimeSpan.FromMilliseconds(30),
        Tick: TimeSpan.FromMilliseconds(2));

    /// <summary>
    /// How long an echo from a standby peer lets us keep forwarding without the lease. Half the heartbeat timeout:
    /// the peer cannot call us silent before a full timeout after it heard us, so we stop well before it can act.
    /// </summary>
    public TimeSpan VouchWindow => HeartbeatTimeout / 2;

    /// <summary>Throws naming the setting that breaks an ordering safety depends on.</summary>
    public RoleOptions Validate()
    {
        if (LeaseTtl < TimeSpan.FromMilliseconds(20))
        {
            throw new ArgumentException($"--ha-lease-ttl {LeaseTtl.TotalMilliseconds} ms is below the 20 ms minimum");
        }

        if (RenewInterval <= TimeSpan.Zero || RenewInterval * 2 > LeaseTtl - FenceMargin)
        {
            throw new ArgumentException($"--ha-lease-renew {RenewInterval.TotalMilliseconds} ms must be positive and at most half of lease TTL minus fence margin ({(LeaseTtl - FenceMargin).TotalMilliseconds} ms), so one lost renewal does not fence the active");
        }

        if (FenceMargin <= TimeSpan.Zero || FenceMargin >= LeaseTtl)
        {
            throw new ArgumentException($"--ha-fence-margin {FenceMargin.TotalMilliseconds} ms must be positive and below the lease TTL {LeaseTtl.TotalMilliseconds} ms");
        }

        if (HeartbeatTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("--ha-heartbeat-timeout must be positive");
        }

        if (Tick <= TimeSpan.Zero || Tick * 4 > VouchWindow)
        {
            throw new ArgumentException($"the state machine tick {Tick.TotalMilliseconds} ms must be positive and at most a quarter of half the heartbeat timeout");
        }

        return this;
    }
}
