using RtcOnAws.MediaNode.Engine.Metrics;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>The ng server's counters: commands by command and result, retransmits answered from cache, drops.</summary>
public sealed class NgMetrics
{
    /// <summary>Registers the ng families in <paramref name="registry"/>.</summary>
    public NgMetrics(MetricsRegistry registry)
    {
        Commands = registry.CreateCounter("medianode_ng_commands_total", "ng commands handled, by command and result (ok, pong, error).", "command", "result");
        Retransmits = registry.CreateCounter("medianode_ng_retransmits_total", "ng requests whose cookie was seen before, answered from the reply cache without executing them.");
        Dropped = registry.CreateCounter("medianode_ng_dropped_total", "ng datagrams dropped without a reply because no cookie could be parsed.");
    }

    /// <summary>medianode_ng_commands_total{command,result}.</summary>
    public Counter Commands { get; }

    /// <summary>medianode_ng_retransmits_total.</summary>
    public Counter Retransmits { get; }

    /// <summary>medianode_ng_dropped_total.</summary>
    public Counter Dropped { get; }
}
