namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// Engine-wide packet counters kept per event loop (padded against false sharing), so loops never contend on a
/// shared cache line; the engine sums them when <see cref="RelayEngine.Statistics"/> is read.
/// </summary>
internal sealed class EngineCounterSet
{
    private CounterBlock _block;

    public long Received => Volatile.Read(ref _block.Received);

    public long RelayedPackets => Volatile.Read(ref _block.RelayedPackets);

    public long RelayedBytes => Volatile.Read(ref _block.RelayedBytes);

    public DropCounts Dropped => CounterBlock.ReadDropped(ref _block);

    public void AddReceived(long packets) => Interlocked.Add(ref _block.Received, packets);

    public void AddRelayed(long packets, long bytes)
    {
        Interlocked.Add(ref _block.RelayedPackets, packets);
        Interlocked.Add(ref _block.RelayedBytes, bytes);
    }

    public void AddDropped(DropReason reason, long packets = 1) => Interlocked.Add(ref CounterBlock.Dropped(ref _block, reason), packets);
}
