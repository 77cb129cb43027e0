namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// Engine-wide packet counters kept per event loop, so loops never contend on a shared cache line; the engine sums
/// them when <see cref="RelayEngine.Statistics"/> is read.
/// </summary>
internal sealed class EngineCounterSet
{
    private readonly long[] _dropped = new long[StreamCounterSet.DropReasonCount];
    private long _received;
    private long _relayedPackets;
    private long _relayedBytes;

    public long Received => Volatile.Read(ref _received);

    public long RelayedPackets => Volatile.Read(ref _relayedPackets);

    public long RelayedBytes => Volatile.Read(ref _relayedBytes);

    public DropCounts Dropped => DropCounts.From(_dropped);

    public void AddReceived(long packets) => Interlocked.Add(ref _received, packets);

    public void AddRelayed(long packets, long bytes)
    {
        Interlocked.Add(ref _relayedPackets, packets);
        Interlocked.Add(ref _relayedBytes, bytes);
    }

    public void AddDropped(DropReason reason, long packets = 1) => Interlocked.Add(ref _dropped[(int)reason], packets);
}
