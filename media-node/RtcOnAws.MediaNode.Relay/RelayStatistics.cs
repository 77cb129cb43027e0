namespace RtcOnAws.MediaNode.Relay;

/// <summary>Engine-wide totals since the <see cref="RelayEngine"/> was created. A snapshot.</summary>
public readonly record struct RelayStatistics
{
    /// <summary>Datagrams received on any relay socket (relayed or dropped).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Datagrams sent on to a peer.</summary>
    public long PacketsRelayed { get; init; }

    /// <summary>Bytes sent on to a peer.</summary>
    public long BytesRelayed { get; init; }

    /// <summary>Datagrams not relayed, by reason.</summary>
    public DropCounts Dropped { get; init; }

    /// <summary>Streams allocated and not yet disposed.</summary>
    public int ActiveStreams { get; init; }

    /// <summary>Endpoints learned (all streams, both channels).</summary>
    public long EndpointsLearned { get; init; }

    /// <summary>Stream directions forwarded by the kernel right now (elements in the nftables maps).</summary>
    public int KernelEntries { get; init; }

    /// <summary>Packets the kernel forwarded (already included in <see cref="PacketsReceived"/> and <see cref="PacketsRelayed"/>).</summary>
    public long KernelPacketsForwarded { get; init; }

    /// <summary>Stream directions kept in user space because the kernel refused their entry (full table, netlink error).</summary>
    public long KernelInstallFailures { get; init; }
}
