namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>What one attempt to take or renew the lease found.</summary>
public enum LeaseOutcome
{
    /// <summary>We hold the lease (taken or renewed).</summary>
    Held,

    /// <summary>Another node holds it.</summary>
    HeldByOther,

    /// <summary>Nobody holds it (only reported by a renewal: the key expired or Redis lost it).</summary>
    Free,

    /// <summary>Redis did not answer in time; nothing is known.</summary>
    Unreachable,
}
