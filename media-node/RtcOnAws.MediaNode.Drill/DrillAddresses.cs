using System.Net;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>
/// The drill's private addresses. Every host is its own network namespace, so they never clash with the machine's
/// own networks or with another drill running at the same time.
/// </summary>
public static class DrillAddresses
{
    /// <summary>The shared L2 segment (a bridge).</summary>
    public const int LanPrefixLength = 24;

    /// <summary>The caller user agent.</summary>
    public static readonly IPAddress Caller = IPAddress.Parse("10.99.0.1");

    /// <summary>The callee user agent.</summary>
    public static readonly IPAddress Callee = IPAddress.Parse("10.99.0.2");

    /// <summary>Media node A (starts active).</summary>
    public static readonly IPAddress NodeA = IPAddress.Parse("10.99.0.11");

    /// <summary>Media node B (starts standby).</summary>
    public static readonly IPAddress NodeB = IPAddress.Parse("10.99.0.12");

    /// <summary>The Redis host.</summary>
    public static readonly IPAddress Redis = IPAddress.Parse("10.99.0.20");

    /// <summary>The pair's floating address (media ports live here).</summary>
    public static readonly IPAddress Floating = IPAddress.Parse("10.99.0.100");

    /// <summary>Node A on the dedicated peer link (heartbeats).</summary>
    public static readonly IPAddress PeerLinkA = IPAddress.Parse("10.99.1.1");

    /// <summary>Node B on the dedicated peer link.</summary>
    public static readonly IPAddress PeerLinkB = IPAddress.Parse("10.99.1.2");

    /// <summary>The RTP port both user agents use.</summary>
    public const int UserAgentRtpPort = 40000;

    /// <summary>ng control port of each node (on its own address).</summary>
    public const int NgPort = 2223;

    /// <summary>HTTP port of each node's /metrics (on its own address).</summary>
    public const int HttpPort = 2225;

    /// <summary>Heartbeat port on the peer link.</summary>
    public const int HeartbeatPort = 7000;

    /// <summary>Redis port.</summary>
    public const int RedisPort = 6379;
}
