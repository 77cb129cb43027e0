namespace RtcOnAws.MediaNode.Relay;

/// <summary>What an <see cref="IMediaTransform"/> did with a packet. Every value but the first two is a counted drop.</summary>
public enum MediaTransformResult
{
    /// <summary>Transformed in place: relay it.</summary>
    Relay = 0,

    /// <summary>The transform took the packet for itself (a handshake or connectivity check, for example): not relayed, not a drop.</summary>
    Consumed = 1,

    /// <summary>The authentication tag did not verify (forged, corrupted or keyed for another context): <see cref="DropReason.Unauthenticated"/>.</summary>
    Unauthenticated = 2,

    /// <summary>Already received, or older than the replay window: <see cref="DropReason.Replayed"/>.</summary>
    Replayed = 3,

    /// <summary>Too short or not the expected packet format: <see cref="DropReason.Malformed"/>.</summary>
    Malformed = 4,

    /// <summary>No keys yet (a handshake still running) or the key's packet budget is spent: <see cref="DropReason.NotKeyed"/>.</summary>
    NotKeyed = 5,

    /// <summary>The protected packet would not fit in the buffer: <see cref="DropReason.Oversize"/>.</summary>
    NoRoom = 6,
}
