using System.Net;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.Takeover;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>
/// One HA node on loopback as the service tests run it: calls kept a minute in the test's Redis under a prefix of the
/// test's own, no heartbeat peer (the lease alone decides), and role timers relaxed so that a loaded machine never fences
/// the node in the middle of a test.
/// </summary>
public static class LoopbackNodeSettings
{
    public static HighAvailabilitySettings Create(string nodeId, RedisServer redis, string keyPrefix, int portMin, int portMax, IAddressTakeover takeover) => new(
        NodeId: nodeId,
        Redis: redis.Endpoint,
        KeyPrefix: keyPrefix,
        Expiry: TimeSpan.FromMinutes(1),
        FloatingAddress: IPAddress.Loopback,
        PortMin: portMin,
        PortMax: portMax,
        Heartbeat: null,
        Roles: new RoleOptions(
            LeaseTtl: TimeSpan.FromSeconds(2), RenewInterval: TimeSpan.FromMilliseconds(200), FenceMargin: TimeSpan.FromMilliseconds(500),
            HeartbeatTimeout: TimeSpan.FromSeconds(1), Tick: TimeSpan.FromMilliseconds(20)),
        Takeover: takeover);
}
