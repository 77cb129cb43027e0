using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary>
/// <c>statistics</c>: rtpengine's <c>currentstatistics</c>, <c>totalstatistics</c> and <c>controlstatistics</c> groups
/// (the counters media-node keeps), plus a <c>media-node</c> group with the port pool usage.
/// </summary>
public sealed class StatisticsCommand(CallRegistry registry, RelayEngine relay, NgMetrics metrics, TimeProvider time) : INgCommand
{
    private static readonly string[] Counted = ["ping", "offer", "answer", "delete", "query", "list", "statistics"];
    private readonly long _started = time.GetTimestamp();

    /// <inheritdoc />
    public string Name => "statistics";

    /// <inheritdoc />
    public BencodeValue Execute(NgRequest request)
    {
        var relayed = relay.Statistics;
        var uptime = (long)time.GetElapsedTime(_started).TotalSeconds;
        var calls = registry.CallCount;
        var control = new BencodeDictionaryBuilder();
        foreach (var command in Counted)
        {
            control.Add($"total{command}count", Count(command));
        }

        control.Add("totalerrorcount", Counted.Append("invalid").Append("unknown").Sum(c => metrics.Commands.Get(c, "error")));
        var statistics = new BencodeDictionaryBuilder()
            .Add("currentstatistics", new BencodeDictionaryBuilder()
                .Add("sessionsown", calls)
                .Add("sessionsforeign", 0)
                .Add("sessionstotal", calls))
            .Add("totalstatistics", new BencodeDictionaryBuilder()
                .Add("uptime", uptime.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Add("managedsessions", registry.ManagedCalls)
                .Add("timeoutsessions", registry.TimedOutCalls)
                .Add("regularterminatedsessions", registry.DeletedCalls)
                .Add("relayedpackets", relayed.PacketsRelayed)
                .Add("relayedbytes", relayed.BytesRelayed)
                .Add("relayedpacketerrors", relayed.Dropped.Error))
            .Add("controlstatistics", control)
            .Add("media-node", new BencodeDictionaryBuilder()
                .Add("streams", registry.StreamCount)
                .Add("port pairs in use", registry.Ports.InUse)
                .Add("port pairs", registry.Ports.Capacity));
        return NgReplies.Ok().Add("statistics", statistics).Build();
    }

    private long Count(string command) =>
        metrics.Commands.Get(command, "ok") + metrics.Commands.Get(command, "pong") + metrics.Commands.Get(command, "error");
}
