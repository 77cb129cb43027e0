namespace RtcOnAws.AwsSimulator.CloudWatch;

/// <summary>One data point PutMetricData recorded.</summary>
/// <param name="Namespace">Metric namespace.</param>
/// <param name="MetricName">Metric name.</param>
/// <param name="Dimensions">Dimensions by name (the metric's identity together with namespace and name).</param>
/// <param name="Value">The value.</param>
/// <param name="Unit">Unit as sent, "None" when absent (as CloudWatch stores it).</param>
/// <param name="StorageResolution">1 or 60 (60 when absent).</param>
/// <param name="Timestamp">The data point's time (the arrival time when absent).</param>
/// <param name="ReceivedAt">When the simulator received it.</param>
public sealed record SimMetricDatum(
    string Namespace,
    string MetricName,
    IReadOnlyDictionary<string, string> Dimensions,
    double Value,
    string Unit,
    int StorageResolution,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt);
