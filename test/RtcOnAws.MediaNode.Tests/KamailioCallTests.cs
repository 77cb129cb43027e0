using System.Net;
using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Sip;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// A call between two SIP user agents through a real Kamailio 5.6 whose rtpengine module drives media-node:
/// the media must flow through media-node's ports both ways, byte for byte, and BYE must free the ports.
/// </summary>
public sealed class KamailioCallTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private MediaNodeDaemon _daemon = null!;
    private KamailioProxy _kamailio = null!;

    public async Task InitializeAsync()
    {
        _daemon = await MediaNodeDaemon.StartAsync(mediaPorts: 40);
        _kamailio = await KamailioProxy.StartAsync(_daemon.Ng);

        // The rtpengine module pings every node when its workers start; wait for that so the call does not race it.
        var deadline = DateTime.UtcNow + Wait;
        while (await PingsReceivedAsync() < 2)
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

    public async Task DisposeAsync()
    {
        await _kamailio.DisposeAsync();
        await _daemon.DisposeAsync();
    }

    [Fact]
    public async Task CallThroughKamailioRelaysRtpBothWaysAndByeFreesThePorts()
    {
        try
        {
            await RunCallAsync();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"{exception.Message}\n--- kamailio ---\n{_kamailio.Process.Output}\n--- media-node ---\n{_daemon.Process.Output}", exception);
        }
    }

    private async Task RunCallAsync()
    {
        using var alice = new SipUserAgent("alice");
        using var bob = new SipUserAgent("bob");
        var callId = $"{Guid.NewGuid():N}@test";
        var from = $"<sip:alice@127.0.0.1>;tag={alice.Tag}";

        var invite = alice.Request("INVITE", bob.ContactUri, callId, 1, from, "<sip:bob@127.0.0.1>", [], alice.Sdp());
        await alice.SendAsync(invite, _kamailio.Sip);
        var (inviteAtBob, proxy) = await bob.ReceiveAsync(m => !m.IsResponse && m.Method == "INVITE", Wait);
        var bobSendsTo = SipUserAgent.MediaEndPoint(inviteAtBob.Body);
        await bob.SendAsync(bob.Response(inviteAtBob, 180, "Ringing"), proxy);
        await bob.SendAsync(bob.Response(inviteAtBob, 200, "OK", bob.Sdp()), proxy);
        var (ok, _) = await alice.ReceiveAsync(m => m.IsResponse && m.Method == "INVITE" && m.StatusCode == 200, Wait);
        var aliceSendsTo = SipUserAgent.MediaEndPoint(ok.Body);

        Assert.Equal(IPAddress.Loopback, bobSendsTo.Address);
        Assert.InRange(bobSendsTo.Port, _daemon.PortMin, _daemon.PortMax);
        Assert.InRange(aliceSendsTo.Port, _daemon.PortMin, _daemon.PortMax);
        Assert.NotEqual(bobSendsTo.Port, aliceSendsTo.Port);
        Assert.Contains("a=rtpmap:101 telephone-event/8000", ok.Body, StringComparison.Ordinal);

        var routes = ok.All("Record-Route").Reverse().ToArray();
        var remoteTarget = SipUserAgent.Uri(ok.Header("Contact")!);
        var to = ok.Header("To")!;
        await alice.SendAsync(alice.Request("ACK", remoteTarget, callId, 1, from, to, routes), _kamailio.Sip);
        await bob.ReceiveAsync(m => !m.IsResponse && m.Method == "ACK", Wait);

        for (ushort sequence = 1; sequence <= 10; sequence++)
        {
            var fromAlice = RtpPacket(sequence, 0xA0);
            await alice.Rtp.SendAsync(fromAlice, aliceSendsTo);
            var atBob = await ReceiveAsync(bob.Rtp);
            Assert.Equal(fromAlice, atBob.Buffer);
            Assert.Equal(bobSendsTo, atBob.RemoteEndPoint);

            var fromBob = RtpPacket(sequence, 0xB0);
            await bob.Rtp.SendAsync(fromBob, bobSendsTo);
            var atAlice = await ReceiveAsync(alice.Rtp);
            Assert.Equal(fromBob, atAlice.Buffer);
            Assert.Equal(aliceSendsTo, atAlice.RemoteEndPoint);
        }

        var query = await _daemon.Client.RequestAsync(NgClient.Dict(("command", "query"), ("call-id", callId)));
        Assert.Equal("ok", query["result"]?.AsText());
        Assert.Equal(20, query["totals"]!["RTP"]!["packets"]!.Integer);

        await alice.SendAsync(alice.Request("BYE", remoteTarget, callId, 2, from, to, routes), _kamailio.Sip);
        var (bye, byeProxy) = await bob.ReceiveAsync(m => !m.IsResponse && m.Method == "BYE", Wait);
        await bob.SendAsync(bob.Response(bye, 200, "OK"), byeProxy);
        await alice.ReceiveAsync(m => m.IsResponse && m.Method == "BYE" && m.StatusCode == 200, Wait);

        var list = await _daemon.Client.RequestAsync(NgClient.Dict(("command", "list")));
        Assert.Empty(list["calls"]!.Items);
        Assert.True(FreePorts.AllBindable(_daemon.PortMin, _daemon.PortMax), "media ports still bound after BYE");
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
