using System.Globalization;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// The daemon caps its gen0 budget (System.GC.Gen0MaxBudget in its project): signalling garbage is collected as calls
/// come and go instead of accumulating, resident, up to a budget sized from the CPU's last-level cache.
/// </summary>
public sealed class DaemonGarbageCollectionTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

    [Fact]
    public async Task SignallingGarbageIsCollectedWhileCallsAreSetUp()
    {
        await using var daemon = await MediaNodeDaemon.StartAsync(mediaPorts: 20);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{daemon.Http}/"), Timeout = TimeSpan.FromSeconds(20) };
        double before = Gen0Collections(await http.GetStringAsync("metrics"));

        // Each offer and delete leaves ~15 KiB of garbage: 400 of them are several times a 2 MiB budget, and a small
        // fraction of the 100+ MiB that Workstation GC derives from a server CPU's cache.
        for (int call = 0; call < 400; call++)
        {
            var offer = await daemon.Client.RequestAsync(NgClient.Dict(("command", "offer"), ("call-id", $"gc-{call}"), ("from-tag", "a"), ("sdp", Sdp)));
            Assert.True(offer["result"]?.AsText() == "ok", offer.ToString());
            var delete = await daemon.Client.RequestAsync(NgClient.Dict(("command", "delete"), ("call-id", $"gc-{call}"), ("from-tag", "a")));
            Assert.True(delete["result"]?.AsText() == "ok", delete.ToString());
        }

        string metrics = await http.GetStringAsync("metrics");
        Assert.True(Gen0Collections(metrics) > before, metrics);
        Assert.Contains("medianode_calls 0\n", metrics, StringComparison.Ordinal);
    }

    private static double Gen0Collections(string metrics)
    {
        const string Sample = "dotnet_gc_collections_total{generation=\"0\"} ";
        var line = metrics.Split('\n').Single(l => l.StartsWith(Sample, StringComparison.Ordinal));
        return double.Parse(line[Sample.Length..], CultureInfo.InvariantCulture);
    }
}
