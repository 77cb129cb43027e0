using System.Globalization;

namespace RtcOnAws.Bench.Relay;

/// <summary>media-node's managed heap as its <c>/metrics</c> reports it (<c>dotnet_gc_*</c>, as of the last GC), in bytes.</summary>
internal sealed record ManagedHeap(double HeapBytes, double FragmentedBytes, double CommittedBytes, double AllocatedBytes, double Collections, double PauseSeconds)
{
    /// <summary>Live managed data at the last GC (heap minus its free space).</summary>
    public double LiveBytes => HeapBytes - FragmentedBytes;

    public static async Task<ManagedHeap> ReadAsync(HttpClient http, Uri metrics, CancellationToken cancellationToken)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await http.GetStringAsync(metrics, cancellationToken)).Split('\n'))
        {
            int space = line.LastIndexOf(' ');
            if (line.StartsWith("dotnet_gc_", StringComparison.Ordinal) && space > 0)
            {
                samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        double Value(string name) => samples.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"/metrics has no {name}.");
        return new ManagedHeap(
            Value("dotnet_gc_heap_size_bytes"),
            Value("dotnet_gc_fragmented_bytes"),
            Value("dotnet_gc_committed_bytes"),
            Value("dotnet_gc_allocated_bytes_total"),
            samples.Where(pair => pair.Key.StartsWith("dotnet_gc_collections_total", StringComparison.Ordinal)).Sum(pair => pair.Value),
            Value("dotnet_gc_pause_seconds_total"));
    }
}
