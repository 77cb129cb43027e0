using System.Net;
using System.Text;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Sip;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// Malformed SIP, oversized messages, hostile SDP and a request flood sent to a real Kamailio running the SBC's rendered
/// config in front of media-node: the proxy keeps answering, refuses what it must with the fitting code, forwards none of
/// it to the callee, and no media port stays allocated.
/// </summary>
public sealed class KamailioBadInputTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly IPAddress CalleeAddress = IPAddress.Parse("127.0.0.3");
    private readonly SipUserAgent _attacker = new("mallory", IPAddress.Parse("127.0.0.2"));
    private readonly SipUserAgent _bob = new("bob", CalleeAddress);
    private MediaNodeDaemon _daemon = null!;
    private KamailioProxy _kamailio = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _daemon = await MediaNodeDaemon.StartAsync(mediaPorts: 40);
        _kamailio = await KamailioProxy.StartAsync(_daemon.Ng, domain: CalleeAddress.ToString());
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_attacker, _bob, _kamailio, _daemon);

    public static TheoryData<string> MalformedMessages =>
    [
        "\0\u0001\u0002 not sip at all \u00ff",
        "INVITE\r\n\r\n",
        "INVITE sip:bob@127.0.0.3 SIP/2.0\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
        "INVITE sip:bob@127.0.0.3 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5999;branch=z9hG4bKbad1\r\nFrom: <sip:m@x>;tag=1\r\nTo: <sip:bob@127.0.0.3>\r\nCall-ID: bad1\r\nCSeq: notanumber INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
        "INVITE sip:bob@127.0.0.3 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5999;branch=z9hG4bKbad2\r\nFrom: <sip:m@x>;tag=1\r\nTo: <sip:bob@127.0.0.3>\r\nCall-ID: bad2\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\nContent-Length: 5000\r\n\r\nv=0\r\n",
        "INVITE sip:bob@127.0.0.3 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5999;branch=z9hG4bKbad3\r\nthis line has no colon\r\nFrom: <sip:m@x>;tag=1\r\nCall-ID: bad3\r\nCSeq: 1 INVITE\r\n\r\n",
        "INVITE sip:bob@127.0.0.3 SIP/9.9\r\nVia: SIP/2.0/UDP 127.0.0.2:5999;branch=z9hG4bKbad4\r\nFrom: <sip:m@x>;tag=1\r\nTo: <sip:bob@127.0.0.3>\r\nCall-ID: bad4\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKnotours\r\nCall-ID: stray\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
    ];

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public async Task Malformed_sip_is_dropped_or_refused_and_the_proxy_keeps_answering(string message)
    {
        await _attacker.SendRawAsync(Encoding.Latin1.GetBytes(message), _kamailio.Sip);

        await AssertProxyAnswersAsync();
        Assert.False(_kamailio.Process.HasExited, _kamailio.Process.Output);
        await AssertNothingForwardedAndNoMediaAsync();
    }

    [Fact]
    public async Task An_oversized_invite_is_refused_513()
    {
        var padding = string.Concat(Enumerable.Range(0, 400).Select(i => $"a=x-padding:{i:D4}{new string('p', 40)}\r\n"));
        var reply = await InviteAsync(_attacker.Sdp() + padding);

        Assert.Equal(513, reply.StatusCode);
        await AssertNothingForwardedAndNoMediaAsync();
    }

    public static TheoryData<string, string> HostileSdps => new()
    {
        { "hundreds of m= lines", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"m=audio {20000 + (2 * i)} RTP/AVP 0\r\n")) },
        { "port out of range", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n" },
        { "negative port", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio -4 RTP/AVP 0\r\n" },
        { "port not a number", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio rtp RTP/AVP 0\r\n" },
        { "connection address not an address", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 999.1.1.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\n" },
        { "not sdp at all", "<html>this is not a session description</html>\r\n" },
    };

    [Theory]
    [MemberData(nameof(HostileSdps))]
    public async Task Hostile_sdp_is_refused_488_and_allocates_no_media_port(string name, string sdp)
    {
        var reply = await InviteAsync(sdp);

        Assert.True(reply.StatusCode == 488, $"{name}: {reply.StartLine}");
        await AssertNothingForwardedAndNoMediaAsync();
    }

    [Fact]
    public async Task A_request_flood_is_cut_off_by_pike_and_leaves_the_proxy_answering_others()
    {
        // Bounded: 3,000 INVITEs for a foreign domain, as fast as the socket takes them.
        const int requests = 3000;
        for (var i = 0; i < requests; i++)
        {
            var invite = _attacker.Request("INVITE", "sip:victim@198.51.100.7", $"flood-{i}", 1, $"<sip:m@example.net>;tag=f{i}",
                "<sip:victim@198.51.100.7>", [], _attacker.Sdp());
            await _attacker.SendAsync(invite, _kamailio.Sip);
        }

        var refused = await CountRepliesAsync(_attacker, TimeSpan.FromSeconds(2));
        Assert.True(refused < requests, $"{refused} of {requests} flood requests were answered");
        Assert.Contains("BLOCK", _kamailio.Process.Output, StringComparison.Ordinal);
        using var bystander = new SipUserAgent("carol", IPAddress.Parse("127.0.0.5"));
        await AssertProxyAnswersAsync(bystander);
        await AssertNothingForwardedAndNoMediaAsync();
    }

    private async Task<SipMessage> InviteAsync(string sdp)
    {
        var invite = _attacker.Request("INVITE", _bob.ContactUri, Guid.NewGuid().ToString("N"), 1, $"<sip:m@example.net>;tag={_attacker.Tag}",
            $"<{_bob.ContactUri}>", [], sdp);
        await _attacker.SendAsync(invite, _kamailio.Sip);
        var (reply, _) = await _attacker.ReceiveAsync(m => m.IsResponse && m.Method == "INVITE" && m.StatusCode >= 200, Wait);
        return reply;
    }

    private async Task AssertProxyAnswersAsync(SipUserAgent? from = null)
    {
        var agent = from ?? _attacker;
        var options = agent.Request("OPTIONS", $"sip:{_kamailio.Sip}", Guid.NewGuid().ToString("N"), 1, $"<sip:{agent.User}@example.net>;tag={agent.Tag}",
            $"<sip:{_kamailio.Sip}>", []);
        await agent.SendAsync(options, _kamailio.Sip);
        var (reply, _) = await agent.ReceiveAsync(m => m.IsResponse && m.Method == "OPTIONS", Wait);
        Assert.Equal(200, reply.StatusCode);
    }

    private async Task AssertNothingForwardedAndNoMediaAsync()
    {
        Assert.Equal(0, await CountRepliesAsync(_bob, TimeSpan.FromMilliseconds(300)));
        var list = await _daemon.Client.RequestAsync(NgClient.Dict(("command", "list")));
        Assert.Empty(list["calls"]!.Items);
        Assert.True(FreePorts.AllBindable(_daemon.PortMin, _daemon.PortMax), "media ports are bound");
    }

    /// <summary>Counts the SIP messages <paramref name="agent"/> receives until none arrives for <paramref name="quiet"/>.</summary>
    private static async Task<int> CountRepliesAsync(SipUserAgent agent, TimeSpan quiet)
    {
        var count = 0;
        while (true)
        {
            try
            {
                await agent.ReceiveAsync(_ => true, quiet);
                count++;
            }
            catch (TimeoutException)
            {
                return count;
            }
        }
    }
}
