using System.Globalization;
using System.Net;
using System.Text.Json;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>The daemon process itself: signals, HTTP monitoring, config file, address policy, media timeout.</summary>
public sealed class DaemonTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task SigtermEndsCallsReleasesPortsAndExitsZero()
    {
        await using var daemon = await MediaNodeDaemon.StartAsync(mediaPorts: 20);
        var offer = await daemon.Client.RequestAsync(NgClient.Dict(("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp)));
        Assert.True(offer["result"]?.AsText() == "ok", offer.ToString());
        Assert.False(FreePorts.AllBindable(daemon.PortMin, daemon.PortMax));

        daemon.Process.Terminate();

        Assert.True(await daemon.Process.WaitForExitAsync(Wait), daemon.Process.Output);
        Assert.Equal(0, daemon.Process.ExitCode);
        Assert.Contains("media-node stopped", daemon.Process.Output, StringComparison.Ordinal);
        Assert.True(FreePorts.AllBindable(daemon.PortMin, daemon.PortMax));
    }

    [Fact]
    public async Task HealthAndMetricsAreServedOverHttp()
    {
        await using var daemon = await MediaNodeDaemon.StartAsync(mediaPorts: 20);
        await daemon.Client.RequestAsync(NgClient.Dict(("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp)));
        using var http = new HttpClient { BaseAddress = new Uri($"http://{daemon.Http}/"), Timeout = Wait };

        using var health = await http.GetAsync("health");
        var metrics = await http.GetStringAsync("metrics");
        using var missing = await http.GetAsync("nothing");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var document = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("ok", document.RootElement.GetProperty("status").GetString());
        Assert.True(document.RootElement.GetProperty("checks").GetProperty("ng").GetProperty("healthy").GetBoolean());
        Assert.True(document.RootElement.GetProperty("checks").GetProperty("relay").GetProperty("healthy").GetBoolean());
        Assert.Contains("medianode_calls 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("medianode_streams 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("medianode_ng_commands_total{command=\"offer\",result=\"ok\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("medianode_ng_commands_total{command=\"ping\",result=\"pong\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("medianode_packets_dropped_total{reason=\"strict_source\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task AnIniConfigFileSetsOptionsAndTheCommandLineWins()
    {
        var (min, max) = FreePorts.MediaRange(20);
        var ng = FreePorts.Udp();
        var file = Path.Combine(Path.GetTempPath(), $"media-node-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $"""
            # shared with rtpengine: keys media-node does not know are skipped
            [rtpengine]
            interface = pub/127.0.0.1
            listen-ng = 127.0.0.1:{ng}
            port-min = {min}
            port-max = {max}
            timeout = 30
            recording-dir = /var/spool/rtpengine
            log-level = 3

            [other]
            port-min = 2
            """));
        try
        {
            await using var process = ChildProcess.StartMediaNode(["--config-file", file, "--listen-http", "off", "--log-level", "info"]);
            using var client = new NgClient(new IPEndPoint(IPAddress.Loopback, ng));
            var offer = await client.RequestAsync(NgClient.Dict(("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("direction", new[] { "pub", "pub" })));

            Assert.Equal("ok", offer["result"]?.AsText());
            var port = int.Parse(offer["sdp"]!.AsText()!.Split("\r\n").First(l => l.StartsWith("m=audio", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);
            Assert.InRange(port, min, max);
            Assert.Contains("'recording-dir' is not a media-node option; ignored", process.Output, StringComparison.Ordinal);
            Assert.Contains("media-node started", process.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FreeBindLetsOffersBindAFloatingAddressThisHostDoesNotHoldYet(bool freeBind)
    {
        // 10.255.113.9 is on no interface here: an HA node's floating address before takeover.
        const string floating = "10.255.113.9";
        var (min, max) = FreePorts.MediaRange(20);
        var ng = FreePorts.Udp();
        string[] arguments =
        [
            "--interface", floating, "--listen-ng", $"127.0.0.1:{ng}", "--listen-http", "off", "--num-threads", "1",
            "--port-min", min.ToString(CultureInfo.InvariantCulture), "--port-max", max.ToString(CultureInfo.InvariantCulture),
        ];
        await using var process = ChildProcess.StartMediaNode(freeBind ? [.. arguments, "--freebind"] : arguments);
        using var client = new NgClient(new IPEndPoint(IPAddress.Loopback, ng));

        var offer = await client.RequestAsync(NgClient.Dict(("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp)));

        if (freeBind)
        {
            Assert.True(offer["result"]?.AsText() == "ok", offer.ToString());
            Assert.Contains($"c=IN IP4 {floating}\r\n", offer["sdp"]!.AsText(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("error", offer["result"]?.AsText());
        }
    }

    [Theory]
    [InlineData("--listen-ng", "0.0.0.0:{0}", "Refusing --listen-ng on 0.0.0.0")]
    [InlineData("--listen-ng", "8.8.8.8:{0}", "Refusing --listen-ng on 8.8.8.8")]
    [InlineData("--listen-http", "0.0.0.0:{0}", "Refusing --listen-http on 0.0.0.0")]
    [InlineData("--port-min", "4000", "--port-min 4000 and --port-max 3000 must satisfy")]
    [InlineData("--interface", "eth0", "--interface 'eth0' must be [NAME/]ADDRESS[!ADVERTISED-ADDRESS]")]
    public async Task BadOrUnsafeOptionsAreRefusedWithExitCodeTwo(string flag, string value, string message)
    {
        var options = new Dictionary<string, string>
        {
            ["--listen-ng"] = $"127.0.0.1:{FreePorts.Udp()}",
            ["--listen-http"] = "off",
            ["--port-max"] = flag == "--port-min" ? "3000" : "30999",
            [flag] = string.Format(CultureInfo.InvariantCulture, value, FreePorts.Udp()),
        };
        var arguments = options.SelectMany(o => new[] { o.Key, o.Value });

        await using var process = ChildProcess.StartMediaNode(arguments);

        Assert.True(await process.WaitForExitAsync(Wait), process.Output);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(message, process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMediaTimeoutEndsSilentCallsAndFreesTheirPorts()
    {
        await using var daemon = await MediaNodeDaemon.StartAsync(20, "--timeout", "1");
        await daemon.Client.RequestAsync(NgClient.Dict(("command", "offer"), ("call-id", "silent"), ("from-tag", "a"), ("sdp", Sdp)));

        var deadline = DateTime.UtcNow + Wait;
        while ((await daemon.Client.RequestAsync(NgClient.Dict(("command", "list"))))["calls"]!.Items.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the silent call was never ended");
            await Task.Delay(200);
        }

        var statistics = await daemon.Client.RequestAsync(NgClient.Dict(("command", "statistics")));
        Assert.Equal(1, statistics["statistics"]!["totalstatistics"]!["timeoutsessions"]!.Integer);
        Assert.True(FreePorts.AllBindable(daemon.PortMin, daemon.PortMax));
    }
}
