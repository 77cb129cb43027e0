namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// The live counters behind <see cref="StreamCounters"/>. Written by event loops with interlocked adds (uncontended:
/// a stream's sockets live on one loop, and the block is padded against false sharing), read by the control plane at
/// any time without locks.
/// </summary>
internal sealed class StreamCounterSet
{
    public const int DropReasonCount = (int)DropReason.NotKeyed + 1;

    private CounterBlock _block;

    public void AddAccepted(bool rtcp, int bytes, long nowTimestamp)
    {
        if (rtcp)
        {
            Interlocked.Increment(ref _block.RtcpPackets);
            Interlocked.Add(ref _block.RtcpBytes, bytes);
        }
        else
        {
            Interlocked.Increment(ref _block.RtpPackets);
            Interlocked.Add(ref _block.RtpBytes, bytes);
        }

        Volatile.Write(ref _block.LastPacketTimestamp, nowTimestamp);
    }

    public void AddRelayed(long packets, long bytes)
    {
        Interlocked.Add(ref _block.RelayedPackets, packets);
        Interlocked.Add(ref _block.RelayedBytes, bytes);
    }

    public void AddDropped(DropReason reason, long packets = 1) => Interlocked.Add(ref CounterBlock.Dropped(ref _block, reason), packets);

    /// <summary>The counters now; <paramref name="time"/> is the clock the packet timestamps were taken from.</summary>
    public StreamCounters Snapshot(TimeProvider time)
    {
        long last = Volatile.Read(ref _block.LastPacketTimestamp);
        TimeSpan? since = last == 0 ? null : time.GetElapsedTime(last);
        return new StreamCounters
        {
            RtpPackets = Volatile.Read(ref _block.RtpPackets),
            RtpBytes = Volatile.Read(ref _block.RtpBytes),
            RtcpPackets = Volatile.Read(ref _block.RtcpPackets),
            RtcpBytes = Volatile.Read(ref _block.RtcpBytes),
            RelayedPackets = Volatile.Read(ref _block.RelayedPackets),
            RelayedBytes = Volatile.Read(ref _block.RelayedBytes),
            Dropped = CounterBlock.ReadDropped(ref _block),
            LastPacketTimestamp = last,
            SinceLastPacket = since,
            LastPacketUtc = since is { } elapsed ? time.GetUtcNow() - elapsed : null,
        };
    }
}
