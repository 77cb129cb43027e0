using RtcOnAws.MediaNode.Engine.Bencode;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Protocol;

public sealed class NgCommandTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";

    public static TheoryData<(string, object)[], string> Refusals => new()
    {
        { [], "missing required key 'command'" },
        { [("command", "fly")], "unknown command 'fly' (supported: answer, delete, list, offer, ping, query, statistics)" },
        { [("command", new[] { "ping" })], "key 'command' must be a string, got a list" },
        { [("command", "offer"), ("from-tag", "a"), ("sdp", Sdp)], "missing required key 'call-id'" },
        { [("command", "offer"), ("call-id", "c"), ("sdp", Sdp)], "missing required key 'from-tag'" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a")], "missing required key 'sdp'" },
        { [("command", "answer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp)], "missing required key 'to-tag'" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("rtcp-mux", new[] { "sometimes" })], "rtcp-mux value 'sometimes' is not one of offer, require, demux, accept, reject" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("ICE", "force-relay")], "ICE 'force-relay' is not one of remove, force, default" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("direction", new[] { "pub" })], "direction must list exactly two interface names, got 1" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("direction", new[] { "pub", "lan" })], "direction names unknown interface 'lan' (known: pub, internal, external)" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("received-from", new[] { "IP4" })], "received-from must be a list of two strings" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("address family", "IP6")], "address family IP6 is not available" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("endpoint-learning", "sometimes")], "endpoint-learning 'sometimes' is not one of strict" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("flags", 3)], "key 'flags' must be a list of strings" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("transport-protocol", "UDP/TLS")], "transport-protocol 'UDP/TLS' is not one of" },
        { [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("to-tag", "a"), ("sdp", Sdp)], "from-tag and to-tag are both 'a'" },
        { [("command", "delete"), ("call-id", "nope"), ("from-tag", "a")], "unknown call-id 'nope'" },
        { [("command", "query"), ("call-id", "nope")], "unknown call-id 'nope'" },
        { [("command", "list"), ("limit", 0)], "limit must be between 1 and 100000, got 0" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RefusalsAreErrorRepliesWithOnlyAReason((string, object)[] request, string reason)
    {
        await using var node = await NgTestNode.CreateAsync();

        var reply = node.Request(request);

        Assert.Equal("error", reply["result"]?.AsText());
        Assert.Contains(reason, reply["error-reason"]?.AsText(), StringComparison.Ordinal);
        Assert.Equal(2, reply.Entries.Count);
        Assert.Equal(0, node.Engine.Ports.InUse);
    }

    [Fact]
    public async Task ARetransmittedCookieIsAnsweredFromTheCacheAndNotExecutedAgain()
    {
        await using var node = await NgTestNode.CreateAsync();
        (string, object)[] offer = [("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp)];

        var first = node.Request("same-cookie", offer);
        var retransmit = node.Request("same-cookie", offer);
        var secondOffer = node.Request("new-cookie", offer);

        Assert.Equal(first.ToString(), retransmit.ToString());
        Assert.Equal(1, node.Engine.Metrics.Render().Split('\n').Count(l => l == "medianode_ng_retransmits_total 1"));
        Assert.Equal(2, node.Engine.Ports.InUse);
        Assert.Equal("ok", secondOffer["result"]?.AsText());
    }

    [Fact]
    public async Task QueryAndDeleteReportStatisticsInRtpengineShape()
    {
        await using var node = await NgTestNode.CreateAsync();
        node.Request(("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp), ("label", "caller"));
        node.Request(("command", "answer"), ("call-id", "c"), ("from-tag", "a"), ("to-tag", "b"), ("sdp", Sdp.Replace("5000", "6000", StringComparison.Ordinal)));

        var query = node.Request(("command", "query"), ("call-id", "c"));
        var deleted = node.Request(("command", "delete"), ("call-id", "c"), ("from-tag", "b"));

        foreach (var reply in new[] { query, deleted })
        {
            Assert.Equal("ok", reply["result"]?.AsText());
            Assert.Equal(0, reply["totals"]!["RTP"]!["packets"]!.Integer);
            Assert.NotNull(reply["totals"]!["RTCP"]!["errors"]);
            var caller = reply["tags"]!["a"]!;
            Assert.Equal("caller", caller["label"]?.AsText());
            Assert.Equal("b", caller["in dialogue with"]?.AsText());
            var streams = caller["medias"]!.Items[0]["streams"]!.Items;
            Assert.Equal(2, streams.Count);
            Assert.Equal("5000", streams[0]["advertised endpoint"]!["port"]!.ToString());
            Assert.Equal("IPv4", streams[0]["endpoint"]!["family"]?.AsText());
            Assert.Equal(BencodeKind.Integer, streams[0]["local port"]!.Kind);
        }

        Assert.Equal(0, node.Engine.Ports.InUse);
        Assert.Equal("ok", node.Request(("command", "list"))["result"]?.AsText());
        Assert.Empty(node.Request(("command", "list"))["calls"]!.Items);
    }

    [Fact]
    public async Task FastDeleteOmitsStatisticsAndStatisticsCountsCommands()
    {
        await using var node = await NgTestNode.CreateAsync();
        node.Request(("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp));
        node.Request(("command", "ping"));

        var deleted = node.Request(("command", "delete"), ("call-id", "c"), ("from-tag", "a"), ("flags", new[] { "fast" }));
        var statistics = node.Request(("command", "statistics"))["statistics"]!;

        Assert.Equal(["result"], deleted.Entries.Select(e => System.Text.Encoding.ASCII.GetString(e.Key.Span)));
        Assert.Equal(1, statistics["controlstatistics"]!["totaloffercount"]!.Integer);
        Assert.Equal(1, statistics["controlstatistics"]!["totalpingcount"]!.Integer);
        Assert.Equal(1, statistics["totalstatistics"]!["managedsessions"]!.Integer);
        Assert.Equal(0, statistics["currentstatistics"]!["sessionsown"]!.Integer);
        Assert.Equal(8, statistics["media-node"]!["port pairs"]!.Integer);
    }

    [Fact]
    public async Task SipSourceAddressUsesReceivedFromAndReplaceOriginRewritesTheOrigin()
    {
        await using var node = await NgTestNode.CreateAsync();

        var reply = node.Request(
            ("command", "offer"), ("call-id", "c"), ("from-tag", "a"), ("sdp", Sdp.Replace("c=IN IP4 127.0.0.1", "c=IN IP4 10.9.9.9", StringComparison.Ordinal)),
            ("flags", new[] { "SIP-source-address" }), ("received-from", new[] { "IP4", "127.0.0.7" }), ("replace", new[] { "origin", "session-connection" }));

        var snapshot = node.Engine.Calls.GetSnapshot("c")!;
        Assert.Equal("127.0.0.7:5000", snapshot.Legs[0].Medias[0].ExpectedRtp);
        Assert.Contains("o=- 1 1 IN IP4 127.0.0.1\r\n", reply["sdp"]!.AsText(), StringComparison.Ordinal);
        Assert.DoesNotContain("10.9.9.9", reply["sdp"]!.AsText(), StringComparison.Ordinal);
    }
}
