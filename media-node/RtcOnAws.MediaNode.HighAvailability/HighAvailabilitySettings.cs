using System.Net;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.Takeover;

namespace RtcOnAws.MediaNode.HighAvailability;

/// <summary>Everything the HA agent of one node needs; built by the host from its command line.</summary>
/// <param name="NodeId">This node's id (unique within the pair; the lease value and the writer field of every call).</param>
/// <param name="Redis">Where calls and the lease live.</param>
/// <param name="KeyPrefix">Prefix of every key (both nodes of a pair use the same one).</param>
/// <param name="Expiry">Idle expiry of a call value; refreshed while media flows.</param>
/// <param name="FloatingAddress">The pair's floating address: every port is bound on it, and stored calls must name it.</param>
/// <param name="PortMin">Lowest media port; stored calls outside the range are refused.</param>
/// <param name="PortMax">Highest media port.</param>
/// <param name="Heartbeat">Peer heartbeats; <c>null</c> for a single node (it takes the lease as soon as it is free).</param>
/// <param name="Roles">Role timers.</param>
/// <param name="Takeover">How the floating address moves to this node.</param>
public sealed record HighAvailabilitySettings(
    string NodeId,
    RedisEndpoint Redis,
    string KeyPrefix,
    TimeSpan Expiry,
    IPAddress FloatingAddress,
    int PortMin,
    int PortMax,
    HeartbeatOptions? Heartbeat,
    RoleOptions Roles,
    IAddressTakeover Takeover)
{
    /// <summary>The clock of call timestamps, write retries, mirror timers and metrics. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Take the pair's DTLS certificate from Redis (generating and storing it when absent) before serving calls, so
    /// both nodes advertise one fingerprint. Default true; false when the operator gives one (<c>--dtls-certificate</c>).
    /// </summary>
    public bool ShareDtlsCertificate { get; init; } = true;
}
