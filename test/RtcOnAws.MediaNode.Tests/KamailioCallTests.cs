using System.Net;
using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Sip;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// Calls between two SIP user agents through a real Kamailio 5.6 running the SBC's rendered config, whose rtpengine
/// module drives media-node: the SDP each side gets names media-node's ports, media flows through them both ways byte
/// for byte, BYE frees them; upstreams are dispatched with failover; OPTIONS is answered by the proxy; no open relay.
/// The caller and the upstream use distinct loopback addresses so the proxy can tell them apart.
/// </summary>
public sealed class KamailioCallTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly IPAddress CallerAddress = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress UpstreamAddress = IPAddress.Parse("127.0.0.3");
    private readonly SipUserAgent _alice = new("alice", CallerAddress);
    private readonly SipUserAgent _bob = new("bob", UpstreamAddress);
    private MediaNodeDaemon _daemon = null!;
    private KamailioProxy? _kamailio;

    public async Task InitializeAsync() => _daemon = await MediaNodeDaemon.StartAsync(mediaPorts: 40);

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        if (_kamailio is not null)
        {
            await _kamailio.DisposeAsync();
        }
        await _daemon.DisposeAsync();
    }

    [Fact]
    public async Task Options_to_the_proxy_are_answered_by_the_proxy()
    {
        await StartProxyAsync(domain: "sbc.example.com");

        await WithLogsAsync(async () =>
        {
            var options = _alice.Request("OPTIONS", $"sip:{_kamailio!.Sip}", Guid.NewGuid().ToString("N"), 1,
                $"<sip:alice@example.net>;tag={_alice.Tag}", $"<sip:{_kamailio.Sip}>", []);
            await _alice.SendAsync(options, _kamailio.Sip);
            var (reply, _) = await _alice.ReceiveAsync(m => m.IsResponse && m.Method == "OPTIONS", Wait);
            Assert.Equal(200, reply.StatusCode);
        });
    }

    [Fact]
    public async Task A_call_forwarded_by_request_uri_relays_rtp_both_ways_and_bye_frees_the_ports()
    {
        // No upstream: the proxy forwards by Request-URI, but only into its domain (the callee's host here).
        await StartProxyAsync(domain: UpstreamAddress.ToString());
        await WithLogsAsync(() => RunCallAsync(_bob.ContactUri));
    }

    [Fact]
    public async Task A_call_to_the_domain_goes_to_the_upstream_and_fails_over_from_a_dead_one()
    {
        // The first upstream never answers: after the transaction timer the proxy marks it down and tries the next.
        var dead = new SipUpstream("127.0.0.4", FreePorts.Udp(IPAddress.Parse("127.0.0.4")));
        var bob = new SipUpstream(UpstreamAddress.ToString(), _bob.SipEndPoint.Port);
        await StartProxyAsync(domain: "sbc.example.com", SipRouting.Through(dead, bob));
        await WithLogsAsync(() => RunCallAsync("sip:bob@sbc.example.com"));
    }

    [Fact]
    public async Task A_request_for_a_foreign_domain_is_refused_403_and_allocates_no_media_port()
    {
        await StartProxyAsync(domain: "sbc.example.com");

        await WithLogsAsync(async () =>
        {
            var callId = Guid.NewGuid().ToString("N");
            var invite = _alice.Request("INVITE", "sip:victim@198.51.100.7", callId, 1, $"<sip:alice@example.net>;tag={_alice.Tag}",
                "<sip:victim@198.51.100.7>", [], _alice.Sdp());
            await _alice.SendAsync(invite, _kamailio!.Sip);
            var (reply, _) = await _alice.ReceiveAsync(m => m.IsResponse && m.Method == "INVITE" && m.StatusCode >= 200, Wait);

            Assert.Equal(403, reply.StatusCode);
            await AssertNoMediaAllocatedAsync();
        });
    }

    private async Task StartProxyAsync(string domain, SipRouting? routing = null)
    {
        _kamailio = await KamailioProxy.StartAsync(_daemon.Ng, domain, routing);

        // The rtpengine module pings every node when its workers start; wait for that so the call does not race it.
        var deadline = DateTime.UtcNow + Wait;
        while (await PingsReceivedAsync() < 1)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"kamailio never pinged media-node:\n{_kamailio.Process.Output}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<long> PingsReceivedAsync()
    {
        var statistics = await _daemon.Client.RequestAsync(NgClient.Dict(("command", "statistics")));
        return statistics["statistics"]!["controlstatistics"]!["totalpingcount"]!.Integer;
    }

    private async Task WithLogsAsync(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"{exception.Message}\n--- kamailio ---\n{_kamailio?.Process.Output}\n--- media-node ---\n{_daemon.Process.Output}", exception);
        }
    }

    private async Task AssertNoMediaAllocatedAsync()
    {
        var list = await _daemon.Client.RequestAsync(NgClient.Dict(("command", "list")));
        Assert.Empty(list["calls"]!.Items);
        Assert.True(FreePorts.AllBindable(_daemon.PortMin, _daemon.PortMax), "media ports are bound");
    }

    private async Task RunCallAsync(string requestUri)
    {
        var proxySip = _kamailio!.Sip;
        var callId = $"{Guid.NewGuid():N}@test";
        var from = $"<sip:alice@example.net>;tag={_alice.Tag}";

        var invite = _alice.Request("INVITE", requestUri, callId, 1, from, $"<{requestUri}>", [], _alice.Sdp());
        await _alice.SendAsync(invite, proxySip);
        var (inviteAtBob, proxy) = await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "INVITE", Wait);
        var bobSendsTo = SipUserAgent.MediaEndPoint(inviteAtBob.Body);
        await _bob.SendAsync(_bob.Response(inviteAtBob, 180, "Ringing"), proxy);
        await _bob.SendAsync(_bob.Response(inviteAtBob, 200, "OK", _bob.Sdp()), proxy);
        var (ok, _) = await _alice.ReceiveAsync(m => m.IsResponse && m.Method == "INVITE" && m.StatusCode == 200, Wait);
        var aliceSendsTo = SipUserAgent.MediaEndPoint(ok.Body);

        // Both sides were given media-node's address and ports, never each other's.
        Assert.Equal(IPAddress.Loopback, bobSendsTo.Address);
        Assert.Equal(IPAddress.Loopback, aliceSendsTo.Address);
        Assert.InRange(bobSendsTo.Port, _daemon.PortMin, _daemon.PortMax);
        Assert.InRange(aliceSendsTo.Port, _daemon.PortMin, _daemon.PortMax);
        Assert.NotEqual(bobSendsTo.Port, aliceSendsTo.Port);
        Assert.Contains("a=rtpmap:101 telephone-event/8000", ok.Body, StringComparison.Ordinal);
        Assert.Contains(ok.All("Record-Route"), r => r.Contains(proxySip.ToString(), StringComparison.Ordinal));

        var routes = ok.All("Record-Route").Reverse().ToArray();
        var remoteTarget = SipUserAgent.Uri(ok.Header("Contact")!);
        var to = ok.Header("To")!;
        await _alice.SendAsync(_alice.Request("ACK", remoteTarget, callId, 1, from, to, routes), proxySip);
        await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "ACK", Wait);

        for (ushort sequence = 1; sequence <= 10; sequence++)
        {
            var fromAlice = RtpPacket(sequence, 0xA0);
            await _alice.Rtp.SendAsync(fromAlice, aliceSendsTo);
            var atBob = await ReceiveAsync(_bob.Rtp);
            Assert.Equal(fromAlice, atBob.Buffer);
            Assert.Equal(bobSendsTo, atBob.RemoteEndPoint);

            var fromBob = RtpPacket(sequence, 0xB0);
            await _bob.Rtp.SendAsync(fromBob, bobSendsTo);
            var atAlice = await ReceiveAsync(_alice.Rtp);
            Assert.Equal(fromBob, atAlice.Buffer);
            Assert.Equal(aliceSendsTo, atAlice.RemoteEndPoint);
        }

        var query = await _daemon.Client.RequestAsync(NgClient.Dict(("command", "query"), ("call-id", callId)));
        Assert.Equal("ok", query["result"]?.AsText());
        Assert.Equal(20, query["totals"]!["RTP"]!["packets"]!.Integer);

        await _alice.SendAsync(_alice.Request("BYE", remoteTarget, callId, 2, from, to, routes), proxySip);
        var (bye, byeProxy) = await _bob.ReceiveAsync(m => !m.IsResponse && m.Method == "BYE", Wait);
        await _bob.SendAsync(_bob.Response(bye, 200, "OK"), byeProxy);
        await _alice.ReceiveAsync(m => m.IsResponse && m.Method == "BYE" && m.StatusCode == 200, Wait);

        await AssertNoMediaAllocatedAsync();
    }

    private static byte[] RtpPacket(ushort sequence, byte fill)
    {
        var packet = new byte[172];
        packet[0] = 0x80;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet.AsSpan(12).Fill((byte)(fill + sequence));
        return packet;
    }

    private static async Task<System.Net.Sockets.UdpReceiveResult> ReceiveAsync(System.Net.Sockets.UdpClient client)
    {
        using var cancellation = new CancellationTokenSource(Wait);
        return await client.ReceiveAsync(cancellation.Token);
    }
}
