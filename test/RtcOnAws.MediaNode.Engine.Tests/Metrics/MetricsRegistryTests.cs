using RtcOnAws.MediaNode.Engine.Metrics;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Metrics;

public sealed class MetricsRegistryTests
{
    [Fact]
    public void RendersCountersAndCollectorsInPrometheusTextFormat()
    {
        var registry = new MetricsRegistry();
        var commands = registry.CreateCounter("medianode_ng_commands_total", "ng commands handled.", "command", "result");
        commands.Increment("offer", "ok");
        commands.Increment("offer", "ok");
        commands.Increment("ping", "pong");
        registry.AddGauge("medianode_calls", "Calls in progress.", () => 3);
        registry.AddCollector("medianode_dropped_total", "Drops.", MetricType.Counter, ["reason"], w => w.Write(7, "strict \"source\""));

        var text = registry.Render();

        Assert.Equal(
            "# HELP medianode_ng_commands_total ng commands handled.\n"
            + "# TYPE medianode_ng_commands_total counter\n"
            + "medianode_ng_commands_total{command=\"offer\",result=\"ok\"} 2\n"
            + "medianode_ng_commands_total{command=\"ping\",result=\"pong\"} 1\n"
            + "# HELP medianode_calls Calls in progress.\n"
            + "# TYPE medianode_calls gauge\n"
            + "medianode_calls 3\n"
            + "# HELP medianode_dropped_total Drops.\n"
            + "# TYPE medianode_dropped_total counter\n"
            + "medianode_dropped_total{reason=\"strict \\\"source\\\"\"} 7\n",
            text);
    }

    [Fact]
    public void RejectsDuplicateAndInvalidNames()
    {
        var registry = new MetricsRegistry();
        registry.CreateCounter("a_total", "x");

        Assert.Throws<InvalidOperationException>(() => registry.CreateCounter("a_total", "x"));
        Assert.Throws<ArgumentException>(() => registry.CreateCounter("bad-name", "x"));
        Assert.Throws<ArgumentException>(() => registry.CreateCounter("ok_total", "x", "bad-label"));
    }

    [Fact]
    public void CounterRequiresOneValuePerLabel()
    {
        var counter = new MetricsRegistry().CreateCounter("c_total", "x", "a", "b");

        Assert.Throws<ArgumentException>(() => counter.Increment("only-one"));
    }
}
