using System.Net;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>Peer heartbeat settings.</summary>
/// <param name="Listen">Where our heartbeats are received (a private or dedicated peer-link address).</param>
/// <param name="Peer">Where the peer receives heartbeats; only datagrams from this IP are considered.</param>
/// <param name="Interval">Time between two heartbeats (default <see cref="DefaultInterval"/>).</param>
/// <param name="Key">Shared HMAC key, at least 16 bytes.</param>
public sealed record HeartbeatOptions(IPEndPoint Listen, IPEndPoint Peer, TimeSpan Interval, byte[] Key)
{
    /// <summary>Default time between two heartbeats: two may be lost before the default <see cref="RoleOptions.HeartbeatTimeout"/> calls the peer silent.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);
}
