using RtcOnAws.MediaNode.HighAvailability.State;

namespace RtcOnAws.MediaNode.HighAvailability.Mirror;

/// <summary>The calls a node holds, as the standby mirror updates them.</summary>
public interface ICallReplica
{
    /// <summary>
    /// Creates or updates the call with exactly the ports of <paramref name="record"/> bound (on the floating address,
    /// with IP_FREEBIND). Throws <see cref="CallReplicaException"/> when it cannot; nothing is left half-bound.
    /// A full resync calls it for different calls from several threads at once.
    /// </summary>
    ValueTask RestoreAsync(CallRecord record, CancellationToken cancellationToken);

    /// <summary>Drops the call and releases its ports; false when it was not held.</summary>
    bool Remove(string callId);

    /// <summary>The call-ids held now.</summary>
    IReadOnlyCollection<string> CallIds();

    /// <summary>How many calls are held now (without listing them).</summary>
    int Count { get; }
}
