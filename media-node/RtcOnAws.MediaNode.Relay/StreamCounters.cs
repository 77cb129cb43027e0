namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// A snapshot of one <see cref="RelayStream"/>'s counters: what its remote party sent us (accepted packets only) and
/// what we relayed on to the peer. Each field is read atomically; the fields are not one atomic set.
/// </summary>
public readonly record struct StreamCounters
{
    /// <summary>RTP packets accepted from the remote endpoint.</summary>
    public long RtpPackets { get; init; }

    /// <summary>RTP payload bytes (whole UDP payload) accepted from the remote endpoint.</summary>
    public long RtpBytes { get; init; }

    /// <summary>RTCP packets accepted from the remote endpoint (on the RTCP port, or demultiplexed with rtcp-mux).</summary>
    public long RtcpPackets { get; init; }

    /// <summary>RTCP bytes accepted from the remote endpoint.</summary>
    public long RtcpBytes { get; init; }

    /// <summary>Accepted packets that were sent on to the peer.</summary>
    public long RelayedPackets { get; init; }

    /// <summary>Bytes sent on to the peer.</summary>
    public long RelayedBytes { get; init; }

    /// <summary>Socket errors on this stream (also counted in <see cref="Dropped"/> as <see cref="DropReason.Error"/>).</summary>
    public long Errors => Dropped.Error;

    /// <summary>Datagrams received on this stream's ports and not relayed, by reason.</summary>
    public DropCounts Dropped { get; init; }

    /// <summary>
    /// Monotonic timestamp of the engine's <see cref="RelayEngine.Time"/> when the last accepted packet arrived; 0 if
    /// none yet.
    /// </summary>
    public long LastPacketTimestamp { get; init; }

    /// <summary>How long ago (when the snapshot was taken) the last accepted packet arrived; null if none yet. For media timeouts.</summary>
    public TimeSpan? SinceLastPacket { get; init; }

    /// <summary>Wall-clock time of the last accepted packet (derived from <see cref="SinceLastPacket"/>); null if none yet.</summary>
    public DateTimeOffset? LastPacketUtc { get; init; }

    /// <summary>All accepted packets, RTP and RTCP.</summary>
    public long Packets => RtpPackets + RtcpPackets;

    /// <summary>All accepted bytes, RTP and RTCP.</summary>
    public long Bytes => RtpBytes + RtcpBytes;
}
