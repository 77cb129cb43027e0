namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>Why a value read from Redis was skipped; stable names used as the metric label.</summary>
public enum CallRecordRejection
{
    /// <summary>Not JSON, or JSON that does not have the shape of a call.</summary>
    Corrupt,

    /// <summary>A <c>v</c> this build does not read (written by a newer or older node), or none.</summary>
    UnknownVersion,

    /// <summary>Well-formed but unusable: a port outside the range, an address that is not ours, a missing field.</summary>
    Invalid,
}
