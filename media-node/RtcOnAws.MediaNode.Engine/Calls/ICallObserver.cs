namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// Receives every change of the call registry, e.g. to replicate calls to Redis. Callbacks run synchronously in change
/// order (signalling changes on the ng thread, endpoint learning on the registry's notification task); they must be
/// quick and must not block or call back into the registry: hand the snapshot to a queue.
/// </summary>
public interface ICallObserver
{
    /// <summary>A call was created or changed (offer, answer, learned endpoint). The snapshot is immutable.</summary>
    void OnCallChanged(CallSnapshot snapshot);

    /// <summary>A call was removed and its ports were released.</summary>
    void OnCallDeleted(string callId, CallEndReason reason);
}
