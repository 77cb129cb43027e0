namespace RtcOnAws.MediaNode.Engine.Metrics;

/// <summary>Prometheus metric types used by media-node.</summary>
public enum MetricType
{
    /// <summary>Only goes up (resets on restart).</summary>
    Counter,

    /// <summary>Goes up and down.</summary>
    Gauge,
}
