namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>The role of one node of an HA pair.</summary>
public enum NodeRole
{
    /// <summary>Mirrors every call with its ports bound, forwards nothing, does not hold the floating address.</summary>
    Standby,

    /// <summary>Holds the lease and the floating address, forwards media, writes calls to Redis.</summary>
    Active,

    /// <summary>Was active but can no longer prove it owns the lease: forwarding stopped until it knows more.</summary>
    Fenced,
}
