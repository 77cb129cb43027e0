using System.Diagnostics;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// The live counters behind <see cref="StreamCounters"/>. Written by event loops with interlocked adds (uncontended:
/// a stream's sockets live on one loop), read by the control plane at any time without locks.
/// </summary>
internal sealed class StreamCounterSet
{
    private readonly long[] _dropped = new long[DropReasonCount];
    private long _rtpPackets;
    private long _rtpBytes;
    private long _rtcpPackets;
    private long _rtcpBytes;
    private long _relayedPackets;
    private long _relayedBytes;
    private long _lastPacketTimestamp;

    public const int DropReasonCount = (int)DropReason.Error + 1;

    public void AddAccepted(bool rtcp, int bytes, long nowTimestamp)
    {
        if (rtcp)
        {
            Interlocked.Increment(ref _rtcpPackets);
            Interlocked.Add(ref _rtcpBytes, bytes);
        }
        else
        {
            Interlocked.Increment(ref _rtpPackets);
            Interlocked.Add(ref _rtpBytes, bytes);
        }

        Volatile.Write(ref _lastPacketTimestamp, nowTimestamp);
    }

    public void AddRelayed(long packets, long bytes)
    {
        Interlocked.Add(ref _relayedPackets, packets);
        Interlocked.Add(ref _relayedBytes, bytes);
    }

    public void AddDropped(DropReason reason, long packets = 1) => Interlocked.Add(ref _dropped[(int)reason], packets);

    public StreamCounters Snapshot()
    {
        long last = Volatile.Read(ref _lastPacketTimestamp);
        return new StreamCounters
        {
            RtpPackets = Volatile.Read(ref _rtpPackets),
            RtpBytes = Volatile.Read(ref _rtpBytes),
            RtcpPackets = Volatile.Read(ref _rtcpPackets),
            RtcpBytes = Volatile.Read(ref _rtcpBytes),
            RelayedPackets = Volatile.Read(ref _relayedPackets),
            RelayedBytes = Volatile.Read(ref _relayedBytes),
            Dropped = DropCounts.From(_dropped),
            LastPacketTimestamp = last,
            LastPacketTickCount = last == 0 ? 0 : Environment.TickCount64 - (long)Stopwatch.GetElapsedTime(last).TotalMilliseconds,
            LastPacketUtc = last == 0 ? null : DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(last),
        };
    }
}
