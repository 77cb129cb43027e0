namespace RtcOnAws.Bench.Relay;

/// <summary>
/// A relay's memory at one moment: its resident set from <c>/proc/PID/status</c>, the same split by kind of mapping
/// (<c>smaps</c>), and for media-node the managed heap from its <c>/metrics</c>.
/// </summary>
internal sealed record MemorySample(int Calls, long ResidentKiB, ResidentBreakdown Mappings, ManagedHeap? Heap)
{
    public static async Task<MemorySample> ReadAsync(int pid, int calls, HttpClient http, Uri? metrics, CancellationToken cancellationToken)
    {
        // The heap first: a scrape allocates in the daemon, and that garbage should be in both RSS readings alike.
        var heap = metrics is null ? null : await ManagedHeap.ReadAsync(http, metrics, cancellationToken);
        return new MemorySample(calls, ProcessCpu.ResidentKiB(pid), ResidentBreakdown.Read(pid), heap);
    }
}
