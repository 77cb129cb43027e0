using System.Text;
using System.Text.RegularExpressions;

namespace RtcOnAws.MediaNode.Engine.Metrics;

/// <summary>
/// The node's metric families, rendered as Prometheus text for <c>/metrics</c>. Components register their own
/// families (the engine its ng and call metrics, the HA layer its role transitions) through <see cref="CreateCounter"/>
/// or, for values read on demand, <see cref="AddCollector"/>.
/// </summary>
public sealed partial class MetricsRegistry
{
    private readonly List<Family> _families = [];
    private readonly Lock _gate = new();

    /// <summary>Registers a counter family.</summary>
    public Counter CreateCounter(string name, string help, params string[] labelNames)
    {
        var counter = new Counter(name, labelNames);
        Register(new Family(name, help, MetricType.Counter, labelNames, counter.Collect));
        return counter;
    }

    /// <summary>Registers a family whose samples are produced by <paramref name="collect"/> at every scrape.</summary>
    public void AddCollector(string name, string help, MetricType type, IReadOnlyList<string> labelNames, Action<MetricSampleWriter> collect) =>
        Register(new Family(name, help, type, labelNames, collect));

    /// <summary>Registers an unlabelled gauge read at every scrape.</summary>
    public void AddGauge(string name, string help, Func<double> read) =>
        AddCollector(name, help, MetricType.Gauge, [], writer => writer.Write(read()));

    /// <summary>Renders every family in Prometheus text exposition format 0.0.4.</summary>
    public string Render()
    {
        Family[] families;
        lock (_gate)
        {
            families = [.. _families];
        }

        var output = new StringBuilder();
        foreach (var family in families)
        {
            output.Append("# HELP ").Append(family.Name).Append(' ').Append(family.Help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            output.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type == MetricType.Counter ? "counter" : "gauge").Append('\n');
            family.Collect(new MetricSampleWriter(output, family.Name, family.LabelNames));
        }

        return output.ToString();
    }

    private void Register(Family family)
    {
        if (!MetricName().IsMatch(family.Name))
        {
            throw new ArgumentException($"metric name '{family.Name}' must match [a-zA-Z_:][a-zA-Z0-9_:]*", nameof(family));
        }

        foreach (var label in family.LabelNames)
        {
            if (!LabelName().IsMatch(label))
            {
                throw new ArgumentException($"label name '{label}' of metric {family.Name} must match [a-zA-Z_][a-zA-Z0-9_]*", nameof(family));
            }
        }

        lock (_gate)
        {
            if (_families.Any(f => f.Name == family.Name))
            {
                throw new InvalidOperationException($"metric {family.Name} is already registered");
            }

            _families.Add(family);
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    private sealed record Family(string Name, string Help, MetricType Type, IReadOnlyList<string> LabelNames, Action<MetricSampleWriter> Collect);
}
