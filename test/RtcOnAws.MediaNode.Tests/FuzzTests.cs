using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Hosting;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// Over 100,000 generated bad, half-valid and valid ng messages: most through the full protocol path in-process
/// (parse, reply cache, dispatch, encode), a share over real UDP. Afterwards the node must answer ping, every call
/// must be deletable, and the whole media port range must be bindable again (nothing leaked).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int InProcessMessages = 100_000;
    private const int UdpMessages = 5_000;
    private const int Seed = 20_261_121;

    [Fact]
    public async Task HostileMessagesNeverCrashTheNodeOrLeakPorts()
    {
        var (min, max) = FreePorts.MediaRange(64);
        await using var engine = await MediaNodeEngine.CreateAsync(
            new MediaNodeSettings
            {
                BindAddress = IPAddress.Loopback,
                NgListen = new IPEndPoint(IPAddress.Loopback, 0),
                PortMin = min,
                PortMax = max,
                RelayLoops = 1,
                MediaTimeout = TimeSpan.FromMinutes(10),
            },
            NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var serving = engine.RunAsync(stop.Token);
        var generator = new FuzzMessageGenerator(Seed);
        var clock = Stopwatch.StartNew();
        var replies = 0;

        for (var i = 0; i < InProcessMessages; i++)
        {
            var datagram = generator.Next();
            var reply = engine.Ng.Handle(datagram, new IPEndPoint(IPAddress.Loopback, 9));
            if (generator.LastHasCookie)
            {
                AssertWellFormedReply(datagram, reply);
                replies++;
            }
        }

        using var client = new NgClient(engine.Ng.LocalEndPoint);
        for (var i = 0; i < UdpMessages; i++)
        {
            var datagram = generator.Next();
            if (!generator.LastHasCookie)
            {
                await client.SendAsync(datagram);
                continue;
            }

            var reply = await client.ExchangeAsync(datagram, TimeSpan.FromSeconds(10));
            AssertWellFormedReply(datagram, reply);
            replies++;
        }

        output.WriteLine($"seed {Seed}: {InProcessMessages + UdpMessages} messages, {replies} replies, {clock.Elapsed.TotalSeconds:F1} s");
        var pong = await client.RequestAsync(NgClient.Dict(("command", "ping")));
        Assert.Equal("pong", pong["result"]?.AsText());
        Assert.True(engine.Calls.CallCount > 0, "the generator should have created some calls for cleanup to delete");

        await DeleteEveryCallAsync(client);

        var list = await client.RequestAsync(NgClient.Dict(("command", "list"), ("limit", 100_000)));
        Assert.Empty(list["calls"]!.Items);
        var statistics = (await client.RequestAsync(NgClient.Dict(("command", "statistics"))))["statistics"]!;
        Assert.Equal(0, statistics["currentstatistics"]!["sessionsown"]!.Integer);
        Assert.Equal(0, statistics["media-node"]!["port pairs in use"]!.Integer);
        Assert.True(FreePorts.AllBindable(min, max), "a media port is still bound after every call was deleted");
        Assert.True(engine.Ng.IsRunning);
        await stop.CancelAsync();
        await serving;
    }

    private static void AssertWellFormedReply(byte[] request, ReadOnlyMemory<byte>? reply)
    {
        Assert.True(reply.HasValue, $"no reply to {Describe(request)}");
        var cookieLength = Array.IndexOf(request, (byte)' ') + 1;
        var bytes = reply.Value;
        Assert.True(bytes.Span.StartsWith(request.AsSpan(0, cookieLength)), $"reply cookie mismatch for {Describe(request)}");
        var body = bytes[cookieLength..];
        var parsed = body.Span[0] == (byte)'{'
            ? NgJsonCodec.TryParse(body, BencodeLimits.Default, out var value, out var error)
            : BencodeReader.TryParse(body, BencodeLimits.Default, out value, out error);
        Assert.True(parsed, $"reply is not a dictionary ({error}) for {Describe(request)}");
        var result = value!["result"]?.AsText();
        Assert.Contains(result, new[] { "ok", "pong", "error" });
        if (result == "error")
        {
            Assert.False(string.IsNullOrEmpty(value["error-reason"]?.AsText()), $"error without reason for {Describe(request)}");
        }
    }

    private static async Task DeleteEveryCallAsync(NgClient client)
    {
        var list = await client.RequestAsync(NgClient.Dict(("command", "list"), ("limit", 100_000)));
        foreach (var callId in list["calls"]!.Items.Select(i => i.AsText()!))
        {
            var query = await client.RequestAsync(NgClient.Dict(("command", "query"), ("call-id", callId)));
            var tag = query["tags"]!.Entries.Select(e => Encoding.UTF8.GetString(e.Key.Span)).First(t => t.Length > 0);
            var deleted = await client.RequestAsync(NgClient.Dict(("command", "delete"), ("call-id", callId), ("from-tag", tag)));
            Assert.True(deleted["result"]?.AsText() == "ok", $"delete {callId}/{tag}: {deleted}");
        }
    }

    private static string Describe(byte[] datagram) =>
        Encoding.Latin1.GetString(datagram, 0, Math.Min(datagram.Length, 200)).Replace("\r\n", "\\r\\n", StringComparison.Ordinal);
}
