using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.FloatingIpFailover.Events;

/// <summary><c>detail</c> of a "CloudWatch Alarm State Change" event (only the fields the function reads).</summary>
internal sealed record AlarmStateChangeDetail
{
    [JsonPropertyName("alarmName")]
    public string? AlarmName { get; init; }

    [JsonPropertyName("state")]
    public AlarmState? State { get; init; }

    [JsonPropertyName("configuration")]
    public AlarmConfiguration? Configuration { get; init; }
}

/// <summary>An alarm state: <c>value</c> is OK, ALARM or INSUFFICIENT_DATA.</summary>
internal sealed record AlarmState
{
    [JsonPropertyName("value")]
    public string? Value { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}

/// <summary>The alarm's configuration, whose metrics carry the instance dimension.</summary>
internal sealed record AlarmConfiguration
{
    [JsonPropertyName("metrics")]
    public List<AlarmMetric>? Metrics { get; init; }
}

/// <summary>One metric (or expression) of the alarm.</summary>
internal sealed record AlarmMetric
{
    [JsonPropertyName("metricStat")]
    public AlarmMetricStat? MetricStat { get; init; }
}

/// <summary>The metric and statistic.</summary>
internal sealed record AlarmMetricStat
{
    [JsonPropertyName("metric")]
    public AlarmMetricName? Metric { get; init; }
}

/// <summary>Metric identity; <c>dimensions.InstanceId</c> names the node.</summary>
internal sealed record AlarmMetricName
{
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("dimensions")]
    public Dictionary<string, string>? Dimensions { get; init; }
}
