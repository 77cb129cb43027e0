namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>Everything the role rules look at, sampled at one instant.</summary>
/// <param name="Role">Our role now.</param>
/// <param name="LastLease">Outcome of our latest lease attempt.</param>
/// <param name="LeaseValid">Our last successful take/renew is recent enough that nobody else can hold the lease yet (with margin).</param>
/// <param name="PeerSilent">No authentic heartbeat from the peer for the heartbeat timeout (or never).</param>
/// <param name="PeerRole">The role the peer announced last (meaningless when never heard).</param>
/// <param name="PeerVouches">
/// The peer announced standby and provably heard one of our heartbeats sent within the vouch window: it cannot
/// take over before that window ends, so we may keep serving even without reaching Redis.
/// </param>
public readonly record struct RoleObservation(
    NodeRole Role,
    LeaseOutcome LastLease,
    bool LeaseValid,
    bool PeerSilent,
    NodeRole PeerRole,
    bool PeerVouches);
