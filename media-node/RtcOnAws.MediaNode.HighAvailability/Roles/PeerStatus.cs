namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>What we know about the peer from its heartbeats, as of one instant.</summary>
/// <param name="LastHeardAt">Timestamp (of the heartbeat channel's <see cref="TimeProvider"/>) of the last authentic heartbeat, <see cref="long.MinValue"/> if never.</param>
/// <param name="Role">The role the peer announced last.</param>
/// <param name="EchoSentAt">
/// Timestamp (same clock) at which we sent the heartbeat the peer last echoed: the peer provably heard us after this
/// instant. <see cref="long.MinValue"/> when it never echoed one we remember.
/// </param>
public readonly record struct PeerStatus(long LastHeardAt, NodeRole Role, long EchoSentAt)
{
    /// <summary>Never heard from.</summary>
    public static PeerStatus Unknown => new(long.MinValue, NodeRole.Standby, long.MinValue);
}
