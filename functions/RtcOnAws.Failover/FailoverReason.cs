namespace RtcOnAws.Failover;

/// <summary>Why a decision was taken; stable names, used as log fields, metric dimensions and tag values.</summary>
public enum FailoverReason
{
    /// <summary>The failed node owned the address and the peer can serve: move.</summary>
    OwnerFailed,

    /// <summary>An operator asked to move the address and the peer can serve: move.</summary>
    ManualMove,

    /// <summary>Nobody owns the address and the reported failure leaves one node able to serve it: claim it.</summary>
    ClaimUnowned,

    /// <summary>The reported node does not own the address (already moved, or the standby failed): nothing to do.</summary>
    NotOwner,

    /// <summary>A recovery never moves the address back; failback is an operator decision.</summary>
    RecoveryIgnored,

    /// <summary>The node that would receive the address is not running or unhealthy: moving would make things worse.</summary>
    BothUnhealthy,

    /// <summary>The address moved too recently; moving again now would flap.</summary>
    AntiFlapWindow,

    /// <summary>The event names a node that is not a member of the pair.</summary>
    UnknownNode,

    /// <summary>The pair is not made of exactly two distinct nodes.</summary>
    InvalidPair,
}
