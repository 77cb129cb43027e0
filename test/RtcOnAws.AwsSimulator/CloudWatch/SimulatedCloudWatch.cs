using System.Globalization;
using System.Xml.Linq;
using RtcOnAws.AwsSimulator.Http;

namespace RtcOnAws.AwsSimulator.CloudWatch;

/// <summary>
/// Simulated CloudWatch metrics (Query, 2010-08-01): PutMetricData validated as CloudWatch validates it, every data
/// point recorded for tests to read back with <see cref="GetDatapoints"/>.
/// </summary>
public sealed class SimulatedCloudWatch(TimeProvider time)
{
    internal static readonly XNamespace Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static readonly double MaxMagnitude = Math.Pow(2, 360);

    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
        "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
        "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    private readonly Lock _lock = new();
    private readonly List<SimMetricDatum> _datapoints = [];

    /// <summary>Every data point received, oldest first.</summary>
    public IReadOnlyList<SimMetricDatum> Datapoints
    {
        get { lock (_lock) return _datapoints.ToList(); }
    }

    /// <summary>
    /// Data points of one metric, oldest first. With <paramref name="dimensions"/>, only the metric with exactly that
    /// dimension set (CloudWatch's identity); without, every dimension combination.
    /// </summary>
    public IReadOnlyList<SimMetricDatum> GetDatapoints(string @namespace, string metricName, IReadOnlyDictionary<string, string>? dimensions = null)
    {
        lock (_lock)
        {
            return _datapoints
                .Where(d => d.Namespace == @namespace && d.MetricName == metricName
                            && (dimensions is null || (d.Dimensions.Count == dimensions.Count && dimensions.All(kv => d.Dimensions.TryGetValue(kv.Key, out var v) && v == kv.Value))))
                .ToList();
        }
    }

    internal XElement Execute(string action, QueryParams p)
    {
        if (action != "PutMetricData")
            throw new SimulatorException("InvalidAction", $"The action {action} is not valid for this web service.");
        var received = time.GetUtcNow();
        var @namespace = p.Get("Namespace") ?? throw Missing("Namespace");
        if (@namespace.Length is 0 or > 255 || @namespace.StartsWith("AWS/", StringComparison.Ordinal) || @namespace.Any(c => c > 127 || char.IsControl(c)))
            throw Invalid("Namespace", @namespace);

        var count = 0;
        while (p.Get($"MetricData.member.{count + 1}.MetricName") is not null) count++;
        if (count == 0) throw Missing("MetricData");
        if (count > 1000) throw new SimulatorException("InvalidParameterValue", "The collection MetricData must not have a size greater than 1000.");

        // Validate everything before recording anything: a rejected request stores nothing.
        var batch = Enumerable.Range(1, count).Select(i => ReadDatum(p, $"MetricData.member.{i}.", @namespace, received)).ToList();
        lock (_lock) _datapoints.AddRange(batch);
        return new XElement(Ns + "PutMetricDataResponse");
    }

    private static SimMetricDatum ReadDatum(QueryParams p, string prefix, string @namespace, DateTimeOffset received)
    {
        var name = p.Get(prefix + "MetricName")!;
        if (name.Length is 0 or > 255) throw Invalid(prefix + "MetricName", name);
        if (p.Get(prefix + "StatisticValues.SampleCount") is not null || p.Get(prefix + "Values.member.1") is not null)
            throw new SimulatorException("InvalidParameterValue", $"{prefix}StatisticValues and {prefix}Values are not simulated; send {prefix}Value.");
        var valueText = p.Get(prefix + "Value") ?? throw Missing(prefix + "Value");
        if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || Math.Abs(value) > MaxMagnitude)
            throw Invalid(prefix + "Value", valueText);
        var unit = p.Get(prefix + "Unit") ?? "None";
        if (!Units.Contains(unit)) throw Invalid(prefix + "Unit", unit);
        var resolution = p.Int(prefix + "StorageResolution") ?? 60;
        if (resolution is not (1 or 60)) throw Invalid(prefix + "StorageResolution", resolution.ToString(CultureInfo.InvariantCulture));
        var timestamp = received;
        if (p.Get(prefix + "Timestamp") is { } timeText)
        {
            if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp))
                throw Invalid(prefix + "Timestamp", timeText);
            if (timestamp < received.AddDays(-14) || timestamp > received.AddHours(2))
                throw new SimulatorException("InvalidParameterValue", $"The parameter {prefix}Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.");
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var d = 1; p.Get($"{prefix}Dimensions.member.{d}.Name") is not null || p.Get($"{prefix}Dimensions.member.{d}.Value") is not null; d++)
        {
            if (d > 30) throw new SimulatorException("InvalidParameterValue", $"The collection {prefix}Dimensions must not have a size greater than 30.");
            var dimensionPrefix = $"{prefix}Dimensions.member.{d}.";
            var dimensionKey = p.Get(dimensionPrefix + "Name") ?? throw Missing(dimensionPrefix + "Name");
            var dimensionValue = p.Get(dimensionPrefix + "Value") ?? throw Missing(dimensionPrefix + "Value");
            if (dimensionKey.Trim().Length == 0 || dimensionKey.StartsWith(':')) throw Invalid(dimensionPrefix + "Name", dimensionKey);
            if (dimensionValue.Trim().Length == 0) throw Invalid(dimensionPrefix + "Value", dimensionValue);
            if (!dimensions.TryAdd(dimensionKey, dimensionValue))
                throw new SimulatorException("InvalidParameterValue", $"The dimension name {dimensionKey} appears more than once in {prefix}Dimensions.");
        }

        return new SimMetricDatum(@namespace, name, dimensions, value, unit, resolution, timestamp, received);
    }

    private static SimulatorException Missing(string parameter) =>
        new("MissingParameter", $"The parameter {parameter} is required.");

    private static SimulatorException Invalid(string parameter, string value) =>
        new("InvalidParameterValue", $"The value {value} for parameter {parameter} is invalid.");
}
