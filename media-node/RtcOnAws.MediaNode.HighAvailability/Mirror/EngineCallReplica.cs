using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.HighAvailability.State;

namespace RtcOnAws.MediaNode.HighAvailability.Mirror;

/// <summary>The engine's <see cref="CallRegistry"/> as a replica: restores bind the exact ports with IP_FREEBIND.</summary>
public sealed class EngineCallReplica(CallRegistry registry) : ICallReplica
{
    /// <inheritdoc />
    public async ValueTask RestoreAsync(CallRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await registry.RestoreAsync(CallRecordMapper.ToSnapshot(record), cancellationToken).ConfigureAwait(false);
        }
        catch (CallRestoreException e)
        {
            throw new CallReplicaException(e.Message);
        }
    }

    /// <inheritdoc />
    public bool Remove(string callId) => registry.TryDelete(callId, CallEndReason.Programmatic);

    /// <inheritdoc />
    public IReadOnlyCollection<string> CallIds() => registry.ListCallIds(int.MaxValue);

    /// <inheritdoc />
    public int Count => registry.CallCount;
}
