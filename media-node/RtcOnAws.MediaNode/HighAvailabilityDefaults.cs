using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Roles;

namespace RtcOnAws.MediaNode;

/// <summary>
/// The defaults of the HA flags, each defined once: the option's default is this value and validation and the settings
/// read the resolved option, never a second copy. The timers are the HA library's own defaults in flag units.
/// </summary>
public static class HighAvailabilityDefaults
{
    /// <summary>--redis-key-prefix.</summary>
    public const string KeyPrefix = CallKeys.DefaultPrefix;

    /// <summary>--redis-expiry, in seconds: a call nobody refreshes for an hour is gone.</summary>
    public const int ExpirySeconds = 3600;

    /// <summary>--ha-takeover: the address does not move unless asked to.</summary>
    public const string Takeover = "none";

    /// <summary>--ha-heartbeat-interval, in milliseconds.</summary>
    public static int HeartbeatIntervalMs => Milliseconds(HeartbeatOptions.DefaultInterval);

    /// <summary>--ha-heartbeat-timeout, in milliseconds.</summary>
    public static int HeartbeatTimeoutMs => Milliseconds(RoleOptions.Default.HeartbeatTimeout);

    /// <summary>--ha-lease-ttl, in milliseconds.</summary>
    public static int LeaseTtlMs => Milliseconds(RoleOptions.Default.LeaseTtl);

    /// <summary>--ha-lease-renew, in milliseconds.</summary>
    public static int LeaseRenewMs => Milliseconds(RoleOptions.Default.RenewInterval);

    /// <summary>--ha-fence-margin, in milliseconds.</summary>
    public static int FenceMarginMs => Milliseconds(RoleOptions.Default.FenceMargin);

    /// <summary>--ha-node-id: the host name, unique within a pair of instances.</summary>
    public static string NodeId => Environment.MachineName;

    /// <summary>UDP port of the peer heartbeats when <c>--ha-aws-pair-tag</c> derives their addresses (the CDK security group allows it between the nodes).</summary>
    public const int DiscoveredHeartbeatPort = Sbc.Contracts.SbcPorts.PeerHeartbeat;

    private static int Milliseconds(TimeSpan value) => (int)value.TotalMilliseconds;
}
