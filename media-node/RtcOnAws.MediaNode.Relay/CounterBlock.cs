using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// The raw counters of a stream or of a loop, padded to keep them on cache lines of their own: the two streams of a
/// call usually live on different loops, are allocated back to back, and would otherwise ping-pong one cache line
/// between cores on every packet (false sharing).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct CounterBlock
{
    [FieldOffset(64)]
    public long RtpPackets;

    [FieldOffset(72)]
    public long RtpBytes;

    [FieldOffset(80)]
    public long RtcpPackets;

    [FieldOffset(88)]
    public long RtcpBytes;

    [FieldOffset(96)]
    public long RelayedPackets;

    [FieldOffset(104)]
    public long RelayedBytes;

    [FieldOffset(112)]
    public long LastPacketTimestamp;

    [FieldOffset(120)]
    public long Received;

    /// <summary>First of <see cref="StreamCounterSet.DropReasonCount"/> consecutive drop counters, indexed by <see cref="DropReason"/>.</summary>
    [FieldOffset(128)]
    public long FirstDropped;

    public static ref long Dropped(ref CounterBlock block, DropReason reason) => ref Unsafe.Add(ref block.FirstDropped, (int)reason);

    public static DropCounts ReadDropped(ref CounterBlock block) => new(
        Volatile.Read(ref Dropped(ref block, DropReason.StrictSource)),
        Volatile.Read(ref Dropped(ref block, DropReason.Fenced)),
        Volatile.Read(ref Dropped(ref block, DropReason.NoPeer)),
        Volatile.Read(ref Dropped(ref block, DropReason.Oversize)),
        Volatile.Read(ref Dropped(ref block, DropReason.Error)),
        Volatile.Read(ref Dropped(ref block, DropReason.Unauthenticated)),
        Volatile.Read(ref Dropped(ref block, DropReason.Replayed)),
        Volatile.Read(ref Dropped(ref block, DropReason.Malformed)),
        Volatile.Read(ref Dropped(ref block, DropReason.NotKeyed)));
}
