namespace RtcOnAws.Aws.CloudWatch.Model;

/// <summary>One data point of one metric.</summary>
public sealed class MetricDatum
{
    /// <summary>Metric name (1-255 characters).</summary>
    public string? MetricName { get; set; }

    /// <summary>Dimensions identifying the metric (at most 30).</summary>
    public List<Dimension> Dimensions { get; set; } = [];

    /// <summary>The value; finite.</summary>
    public double? Value { get; set; }

    /// <summary>Unit, one of <see cref="StandardUnit"/>. Default: none.</summary>
    public string? Unit { get; set; }

    /// <summary>1 (high resolution) or 60 seconds. Default: 60.</summary>
    public int? StorageResolution { get; set; }

    /// <summary>When the value was measured. Default: when CloudWatch receives it.</summary>
    public DateTime? Timestamp { get; set; }
}
