using System.Collections.Concurrent;

namespace RtcOnAws.MediaNode.Engine.Metrics;

/// <summary>A counter with a fixed set of label names; each distinct label-value tuple is its own series.</summary>
public sealed class Counter
{
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

    internal Counter(string name, IReadOnlyList<string> labelNames)
    {
        Name = name;
        LabelNames = labelNames;
    }

    /// <summary>The metric name.</summary>
    public string Name { get; }

    /// <summary>The label names, in order.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Adds one to the series named by <paramref name="labelValues"/>.</summary>
    public void Increment(params string[] labelValues) => Add(1, labelValues);

    /// <summary>Adds <paramref name="amount"/> (not negative) to the series named by <paramref name="labelValues"/>.</summary>
    public void Add(long amount, params string[] labelValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (labelValues.Length != LabelNames.Count)
        {
            throw new ArgumentException($"counter {Name} has {LabelNames.Count} labels, got {labelValues.Length} values", nameof(labelValues));
        }

        var series = _series.GetOrAdd(string.Join('\u0001', labelValues), static (_, values) => new Series(values), labelValues);
        Interlocked.Add(ref series.Value, amount);
    }

    /// <summary>The current value of one series (0 when it has never been incremented).</summary>
    public long Get(params string[] labelValues) =>
        _series.TryGetValue(string.Join('\u0001', labelValues), out var series) ? Interlocked.Read(ref series.Value) : 0;

    internal void Collect(MetricSampleWriter writer)
    {
        foreach (var series in _series.Values.OrderBy(s => string.Join('\u0001', s.LabelValues), StringComparer.Ordinal))
        {
            writer.Write(Interlocked.Read(ref series.Value), series.LabelValues);
        }
    }

    private sealed class Series(string[] labelValues)
    {
        public readonly string[] LabelValues = labelValues;
        public long Value;
    }
}
