namespace RtcOnAws.MediaNode.WebRtc.Ice;

/// <summary>What the ICE-lite agent did with one STUN datagram.</summary>
public enum IceCheckOutcome
{
    /// <summary>A valid binding request was answered (its source carries media if nothing is selected yet); the
    /// caller sends the response to the source.</summary>
    Answered,

    /// <summary>A valid binding request carrying USE-CANDIDATE: answered, and media now goes to its source.</summary>
    Nominated,

    /// <summary>Not a well-formed STUN message, or a bad FINGERPRINT.</summary>
    DroppedMalformed,

    /// <summary>USERNAME missing or not ours (another leg, an old ufrag after a restart).</summary>
    DroppedUnknownUsername,

    /// <summary>MESSAGE-INTEGRITY missing or not made with our password.</summary>
    DroppedBadIntegrity,

    /// <summary>A response or indication: a lite agent sends no checks, so nothing is waiting for it.</summary>
    Ignored,
}
