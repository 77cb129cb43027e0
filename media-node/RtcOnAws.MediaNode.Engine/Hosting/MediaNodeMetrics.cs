using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Metrics;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.Engine.Hosting;

/// <summary>Registers the call, port and relay families read from the engine at every scrape.</summary>
public static class MediaNodeMetrics
{
    /// <summary>Adds the families to <paramref name="metrics"/>.</summary>
    public static void Register(MetricsRegistry metrics, CallRegistry calls, RelayEngine relay)
    {
        metrics.AddGauge("medianode_calls", "Calls in progress.", () => calls.CallCount);
        metrics.AddGauge("medianode_streams", "Relay streams (one per party per media) held by calls in progress.", () => calls.StreamCount);
        metrics.AddGauge("medianode_port_pairs_in_use", "Even/odd media port pairs allocated.", () => calls.Ports.InUse);
        metrics.AddGauge("medianode_port_pairs_capacity", "Even/odd media port pairs in the configured range.", () => calls.Ports.Capacity);
        metrics.AddGauge("medianode_forwarding_enabled", "1 when the relay forwards packets, 0 when fenced.", () => relay.ForwardingEnabled ? 1 : 0);
        metrics.AddCollector("medianode_calls_created_total", "Calls created by offers.", MetricType.Counter, [], w => w.Write(calls.ManagedCalls));
        metrics.AddCollector("medianode_calls_ended_total", "Calls ended, by reason.", MetricType.Counter, ["reason"], w =>
        {
            w.Write(calls.DeletedCalls, "delete");
            w.Write(calls.TimedOutCalls, "media_timeout");
        });
        metrics.AddCollector("medianode_packets_received_total", "RTP/RTCP packets received on media ports.", MetricType.Counter, [], w => w.Write(relay.Statistics.PacketsReceived));
        metrics.AddCollector("medianode_packets_relayed_total", "RTP/RTCP packets relayed to the other party.", MetricType.Counter, [], w => w.Write(relay.Statistics.PacketsRelayed));
        metrics.AddCollector("medianode_bytes_relayed_total", "RTP/RTCP bytes relayed to the other party.", MetricType.Counter, [], w => w.Write(relay.Statistics.BytesRelayed));
        metrics.AddCollector("medianode_packets_dropped_total", "Packets received but not relayed, by reason.", MetricType.Counter, ["reason"], w =>
        {
            var dropped = relay.Statistics.Dropped;
            foreach (var reason in Enum.GetValues<DropReason>())
            {
                w.Write(dropped[reason], ReasonLabel(reason));
            }
        });
    }

    private static string ReasonLabel(DropReason reason) => reason switch
    {
        DropReason.StrictSource => "strict_source",
        DropReason.Fenced => "fenced",
        DropReason.NoPeer => "no_peer",
        DropReason.Oversize => "oversize",
        DropReason.Unauthenticated => "unauthenticated",
        DropReason.Replayed => "replayed",
        DropReason.Malformed => "malformed",
        DropReason.NotKeyed => "not_keyed",
        _ => "error",
    };
}
