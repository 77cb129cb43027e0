using System.Globalization;

namespace RtcOnAws.MediaNode.Engine.Metrics;

/// <summary>
/// The process's resident memory and the managed heap behind it, read at every scrape: what a call costs in memory
/// (bench/relay-memory.sh splits the growth per call into live managed data, GC headroom and everything else).
/// </summary>
public static class RuntimeMemoryMetrics
{
    private static readonly string[] GenerationLabels = ["0", "1", "2"];

    /// <summary>Adds the families to <paramref name="metrics"/>.</summary>
    public static void Register(MetricsRegistry metrics)
    {
        metrics.AddGauge("process_resident_memory_bytes", "Resident set size of the process.", ResidentBytes);
        metrics.AddGauge(
            "dotnet_gc_heap_size_bytes",
            "Managed heap size (live objects plus fragmentation) at the end of the last GC.",
            () => GC.GetGCMemoryInfo().HeapSizeBytes);
        metrics.AddGauge(
            "dotnet_gc_fragmented_bytes",
            "Free space inside the managed heap at the end of the last GC.",
            () => GC.GetGCMemoryInfo().FragmentedBytes);
        metrics.AddGauge(
            "dotnet_gc_committed_bytes",
            "Memory the GC has committed for the managed heap (live data, fragmentation and the allocation budget).",
            () => GC.GetGCMemoryInfo().TotalCommittedBytes);
        metrics.AddCollector(
            "dotnet_gc_allocated_bytes_total",
            "Bytes allocated on the managed heap since start (the relay's packet path allocates none).",
            MetricType.Counter,
            [],
            writer => writer.Write(GC.GetTotalAllocatedBytes()));
        metrics.AddCollector(
            "dotnet_gc_pause_seconds_total",
            "Time the process spent paused for garbage collections since start (the relay's loops stop during a pause).",
            MetricType.Counter,
            [],
            writer => writer.Write(GC.GetTotalPauseDuration().TotalSeconds));
        metrics.AddCollector(
            "dotnet_gc_collections_total",
            "Garbage collections since start, by generation.",
            MetricType.Counter,
            ["generation"],
            writer =>
            {
                for (int generation = 0; generation <= GC.MaxGeneration; generation++)
                {
                    writer.Write(GC.CollectionCount(generation), GenerationLabels[generation]);
                }
            });
    }

    /// <summary>VmRSS from /proc/self/statm (pages); the working set where procfs is absent.</summary>
    private static double ResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * (double)Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return Environment.WorkingSet;
        }
    }
}
