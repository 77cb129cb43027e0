namespace RtcOnAws.Aws.CloudWatch.Model;

/// <summary>Publishes data points to one namespace.</summary>
public sealed class PutMetricDataRequest
{
    /// <summary>Metric namespace such as "RtcOnAws/MediaNode" (1-255 characters, not starting with "AWS/").</summary>
    public string? Namespace { get; set; }

    /// <summary>The data points (1-1000).</summary>
    public List<MetricDatum> MetricData { get; set; } = [];
}

/// <summary>Result of PutMetricData (no content besides the request id).</summary>
public sealed class PutMetricDataResponse : AmazonWebServiceResponse;
