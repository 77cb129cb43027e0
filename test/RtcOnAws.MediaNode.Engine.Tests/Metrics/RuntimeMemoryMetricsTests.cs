using System.Globalization;
using RtcOnAws.MediaNode.Engine.Metrics;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Metrics;

public sealed class RuntimeMemoryMetricsTests
{
    [Fact]
    public void ReportsResidentMemoryAndTheManagedHeapAsScraped()
    {
        var registry = new MetricsRegistry();
        RuntimeMemoryMetrics.Register(registry);

        var before = Samples(registry.Render());
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        // The count is approximate (the runtime's cheap count lags by up to tens of KiB): allocate far beyond that.
        var retained = new byte[8 * 1024 * 1024];
        var after = Samples(registry.Render());
        GC.KeepAlive(retained);

        Assert.True(after["process_resident_memory_bytes"] > 0);
        Assert.True(after["dotnet_gc_heap_size_bytes"] > 0);
        Assert.True(after["dotnet_gc_committed_bytes"] >= after["dotnet_gc_heap_size_bytes"] - after["dotnet_gc_fragmented_bytes"]);
        Assert.True(after["dotnet_gc_collections_total{generation=\"0\"}"] > before["dotnet_gc_collections_total{generation=\"0\"}"]);
        Assert.True(after["dotnet_gc_allocated_bytes_total"] - before["dotnet_gc_allocated_bytes_total"] >= retained.Length / 2, $"{before["dotnet_gc_allocated_bytes_total"]} -> {after["dotnet_gc_allocated_bytes_total"]}");
        Assert.True(after["dotnet_gc_pause_seconds_total"] > before["dotnet_gc_pause_seconds_total"]);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", registry.Render(), StringComparison.Ordinal);
    }

    private static Dictionary<string, double> Samples(string text) => text
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Where(line => !line.StartsWith('#'))
        .Select(line => line.Split(' '))
        .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
}
