using System.Collections.Concurrent;
using RtcOnAws.MediaNode.Engine.Calls;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

internal sealed class RecordingObserver : ICallObserver
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<CallSnapshot> Snapshots { get; } = new();

    public void OnCallChanged(CallSnapshot snapshot)
    {
        Events.Enqueue($"changed {snapshot.CallId}");
        Snapshots.Enqueue(snapshot);
    }

    public void OnCallDeleted(string callId, CallEndReason reason) => Events.Enqueue($"deleted {callId} {reason}");
}
