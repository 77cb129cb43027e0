namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>Moves the pair's floating address to this node, or lets go of it. Implementations are idempotent.</summary>
public interface IAddressTakeover
{
    /// <summary>Short description for logs, e.g. <c>local 10.0.0.100 on eth0</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Called once at start, as standby: makes sure this node does not claim the address (a restarted node may still
    /// have it) and readies everything a takeover needs, so the takeover itself does no first-time work.
    /// </summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Makes the floating address reach this node; returns when traffic can arrive (or throws).</summary>
    Task AcquireAsync(CancellationToken cancellationToken);

    /// <summary>Stops claiming the floating address (demotion); must not fail when the address is already gone.</summary>
    Task ReleaseAsync(CancellationToken cancellationToken);
}
