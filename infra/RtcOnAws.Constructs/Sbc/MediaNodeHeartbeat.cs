using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// The CloudWatch metric every media node publishes while it relays: value 1 per beat, high resolution
/// (storage resolution 1 s), so the alarms can evaluate 10-second periods.
/// </summary>
public static class MediaNodeHeartbeat
{
    /// <summary>Metric namespace.</summary>
    public const string Namespace = "RtcOnAws/MediaNode";

    /// <summary>Metric name.</summary>
    public const string MetricName = "Heartbeat";

    /// <summary>Dimension naming the node: its EC2 instance id.</summary>
    public const string InstanceIdDimension = "InstanceId";

    /// <summary>The heartbeat metric of one instance, summed over <paramref name="period"/>.</summary>
    /// <param name="instanceId">The EC2 instance id (a token is fine).</param>
    /// <param name="period">Aggregation period.</param>
    public static Metric For(string instanceId, Duration period) => new(new MetricProps
    {
        Namespace = Namespace,
        MetricName = MetricName,
        DimensionsMap = new Dictionary<string, string> { [InstanceIdDimension] = instanceId },
        Statistic = Stats.SUM,
        Period = period,
    });
}
