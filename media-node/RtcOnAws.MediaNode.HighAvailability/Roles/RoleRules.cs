namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// The role state machine, pure so every rule is table-tested. Safety rests on two facts: only the lease holder may
/// become active, and an active that cannot prove it still holds the lease — nor that its peer is a standby that
/// still hears it — stops forwarding before anyone else can take the lease.
/// </summary>
public static class RoleRules
{
    /// <summary>Reason: the standby took the lease after the peer's heartbeats stopped.</summary>
    public const string PeerSilentLeaseAcquired = "peer_silent_lease_acquired";

    /// <summary>Reason: the lease was free while the peer, still heard, was not active (start-up, or a fenced peer).</summary>
    public const string LeaseAcquired = "lease_acquired";

    /// <summary>Reason: another node holds the lease.</summary>
    public const string LeaseTaken = "lease_taken";

    /// <summary>Reason: no recent renewal and no vouching peer: stop forwarding before the lease can expire.</summary>
    public const string LeaseUnconfirmed = "lease_unconfirmed";

    /// <summary>Reason: a fenced node renewed its lease (nobody took it meanwhile).</summary>
    public const string LeaseRenewed = "lease_renewed";

    /// <summary>Reason: a fenced node cannot reach Redis but its peer is a standby that hears it.</summary>
    public const string PeerConfirmsStandby = "peer_confirms_standby";

    /// <summary>Reason: the node is shutting down.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>True when a standby should try to take the lease now.</summary>
    public static bool ShouldTryAcquire(in RoleObservation o) =>
        o.Role == NodeRole.Standby ? o.PeerSilent || o.PeerRole != NodeRole.Active : o.Role == NodeRole.Fenced;

    /// <summary>Decides the next role.</summary>
    public static RoleDecision Decide(in RoleObservation o) => o.Role switch
    {
        NodeRole.Standby => o.LastLease == LeaseOutcome.Held && o.LeaseValid
            ? new(NodeRole.Active, o.PeerSilent ? PeerSilentLeaseAcquired : LeaseAcquired)
            : Stay(o),
        NodeRole.Active => o.LastLease == LeaseOutcome.HeldByOther ? new(NodeRole.Standby, LeaseTaken)
            : o.LeaseValid || o.PeerVouches ? Stay(o)
            : new(NodeRole.Fenced, LeaseUnconfirmed),
        _ => o.LastLease == LeaseOutcome.HeldByOther ? new(NodeRole.Standby, LeaseTaken)
            : o.LeaseValid && o.LastLease == LeaseOutcome.Held ? new(NodeRole.Active, LeaseRenewed)
            : o.PeerVouches ? new(NodeRole.Active, PeerConfirmsStandby)
            : Stay(o),
    };

    private static RoleDecision Stay(in RoleObservation o) => new(o.Role, string.Empty);
}
