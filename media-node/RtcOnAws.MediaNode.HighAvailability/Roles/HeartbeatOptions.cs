using System.Net;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>Peer heartbeat settings.</summary>
/// <param name="Listen">Where our heartbeats are received (a private or dedicated peer-link address).</param>
/// <param name="Peer">Where the peer receives heartbeats; only datagrams from this IP are considered.</param>
/// <param name="Interval">Time between two heartbeats (default 20 ms).</param>
/// <param name="Key">Shared HMAC key, at least 16 bytes.</param>
public sealed record HeartbeatOptions(IPEndPoint Listen, IPEndPoint Peer, TimeSpan Interval, byte[] Key);
