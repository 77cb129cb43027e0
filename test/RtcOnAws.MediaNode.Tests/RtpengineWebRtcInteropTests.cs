using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// Interop with a real WebRTC implementation: media-node's WebRTC offer (ICE-lite, DTLS-SRTP) goes to rtpengine 10.5,
/// which answers it as a WebRTC party and bridges to plain RTP. Alice (plain) ⇄ media-node ⇄ WebRTC ⇄ rtpengine ⇄
/// Bob (plain): RTP sent into either plain end comes out of the other byte for byte, which needs rtpengine's ICE
/// checks answered, a DTLS handshake both sides accept (fingerprints checked both ways) and SRTP keyed identically.
/// </summary>
public sealed class RtpengineWebRtcInteropTests
{
    private const int MaxProbes = 200;

    /// <summary>default: we offer actpass and rtpengine picks active (we are the DTLS server); active: we are the client.</summary>
    [Theory]
    [InlineData("default", "passive")]
    [InlineData("active", "active")]
    public async Task RtpCrossesMediaNodeAndRtpengineByteForByteAfterIceAndDtls(string dtls, string ourSetup)
    {
        await using var mediaNode = await MediaNodeDaemon.StartAsync(mediaPorts: 20);
        await using var rtpengine = await RtpengineDaemon.StartAsync(mediaPorts: 20);
        using var alice = Peer();
        using var bob = Peer();
        var callId = "interop-" + Guid.NewGuid().ToString("N");

        var towardsRtpengine = await Sdp(mediaNode, "offer", callId, PlainSdp((IPEndPoint)alice.LocalEndPoint!),
            [("transport-protocol", "UDP/TLS/RTP/SAVPF"), ("ICE", "force"), .. dtls == "default" ? Array.Empty<(string, object)>() : [("DTLS", dtls)]]);
        Assert.Contains("UDP/TLS/RTP/SAVPF", towardsRtpengine, StringComparison.Ordinal);
        var towardsBob = await Sdp(rtpengine, "offer", callId, towardsRtpengine,
            ("transport-protocol", "RTP/AVP"), ("ICE", "remove"));
        Assert.Contains("RTP/AVP", towardsBob, StringComparison.Ordinal);

        var fromRtpengine = await Sdp(rtpengine, "answer", callId, PlainSdp((IPEndPoint)bob.LocalEndPoint!), ("to-tag", "bob"));
        Assert.Contains("a=fingerprint:", fromRtpengine, StringComparison.Ordinal);
        var towardsAlice = await Sdp(mediaNode, "answer", callId, fromRtpengine, ("to-tag", "bob"));
        Assert.DoesNotContain("a=fingerprint", towardsAlice, StringComparison.Ordinal);

        var mediaNodePlain = new IPEndPoint(IPAddress.Loopback, AudioPort(towardsAlice));
        var rtpenginePlain = new IPEndPoint(IPAddress.Loopback, AudioPort(towardsBob));

        // Until ICE and DTLS are done media-node holds Alice's packets back (not keyed); probe until one crosses.
        var first = await FirstThroughAsync(alice, mediaNodePlain, bob);
        if (!first)
        {
            var mediaNodeQuery = await mediaNode.Client.RequestAsync(NgClient.Dict(("command", "query"), ("call-id", callId)));
            var rtpengineQuery = await rtpengine.Client.RequestAsync(NgClient.Dict(("command", "query"), ("call-id", callId)));
            Assert.Fail($"no RTP crossed within the probe budget\nmedia-node: {mediaNodeQuery}\nrtpengine: {rtpengineQuery}\n{mediaNode.Process.Output}\n{rtpengine.Process.Output}");
        }

        for (var i = 0; i < 5; i++)
        {
            var fromAlice = Rtp(1000 + i, 0x11111111, (byte)i);
            alice.SendTo(fromAlice, mediaNodePlain);
            Assert.Equal(fromAlice, await ReceiveUntilAsync(bob, fromAlice));

            var fromBob = Rtp(2000 + i, 0x22222222, (byte)(0x80 + i));
            bob.SendTo(fromBob, rtpenginePlain);
            var atAlice = await ReceiveUntilAsync(alice, fromBob);
            Assert.Equal(fromBob, atAlice);
        }

        var query = await mediaNode.Client.RequestAsync(NgClient.Dict(("command", "query"), ("call-id", callId)));
        var ourDtls = query["tags"]?["bob"]?["medias"]?.Items[0]["DTLS"];
        Assert.Equal("connected", ourDtls?["state"]?.AsText());
        Assert.Equal(ourSetup, ourDtls?["setup"]?.AsText());
    }

    [Fact]
    public async Task ADaemonGivenTheSharedCertificateAdvertisesItsFingerprint()
    {
        var certificate = RtcOnAws.MediaNode.WebRtc.Dtls.DtlsCertificate.Generate(TimeProvider.System);
        var file = Path.Combine(Path.GetTempPath(), $"dt-dtls-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(file, certificate.ExportPem());
        try
        {
            await using var mediaNode = await MediaNodeDaemon.StartAsync(20, "--dtls-certificate", file);
            var sdp = await Sdp(mediaNode, "offer", "shared-cert", PlainSdp(new IPEndPoint(IPAddress.Loopback, 40000)),
                ("transport-protocol", "UDP/TLS/RTP/SAVPF"));

            Assert.Contains("a=fingerprint:" + certificate.Fingerprint + "\r\n", sdp, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> Sdp(object relay, string command, string callId, string sdp, params (string Key, object Value)[] extra)
    {
        var client = relay is MediaNodeDaemon m ? m.Client : ((RtpengineDaemon)relay).Client;
        (string, object)[] entries = [("command", command), ("call-id", callId), ("from-tag", "alice"), ("sdp", sdp), .. extra];
        var reply = await client.RequestAsync(NgClient.Dict(entries));
        Assert.True(reply["result"]?.AsText() == "ok", $"{command} failed: {reply}");
        return reply["sdp"]!.AsText()!;
    }

    private static async Task<bool> FirstThroughAsync(Socket from, IPEndPoint relay, Socket to)
    {
        for (var probe = 0; probe < MaxProbes; probe++)
        {
            var packet = Rtp(probe, 0x11111111, 0x55);
            from.SendTo(packet, relay);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            try
            {
                var buffer = new byte[2048];
                var received = await to.ReceiveAsync(buffer, wait.Token);
                if (buffer.AsSpan(0, received).SequenceEqual(packet))
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
                // Not through yet: ICE or DTLS still running.
            }
        }

        return false;
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[2048];
        var received = await socket.ReceiveAsync(buffer, wait.Token);
        return buffer[..received];
    }

    /// <summary>Skips probe packets still in flight from before the path was up.</summary>
    private static async Task<byte[]> ReceiveUntilAsync(Socket socket, byte[] expected)
    {
        for (var i = 0; i < MaxProbes; i++)
        {
            var packet = await ReceiveAsync(socket);
            if (packet.AsSpan().SequenceEqual(expected) || packet[12] != 0x55)
            {
                return packet;
            }
        }

        throw new TimeoutException("only probe packets arrived");
    }

    private static Socket Peer()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static string PlainSdp(IPEndPoint endPoint) => Drill.NgClient.Sdp(endPoint.Address, endPoint.Port);

    private static byte[] Rtp(int sequence, uint ssrc, byte fill)
    {
        var packet = new byte[172];
        packet[0] = 0x80;
        packet[1] = 0;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        packet[4] = (byte)(sequence >> 24);
        packet[7] = (byte)(sequence * 160);
        packet[8] = (byte)(ssrc >> 24);
        packet[9] = (byte)(ssrc >> 16);
        packet[10] = (byte)(ssrc >> 8);
        packet[11] = (byte)ssrc;
        Array.Fill(packet, fill, 12, packet.Length - 12);
        return packet;
    }

    private static int AudioPort(string sdp) =>
        int.Parse(Regex.Match(sdp, @"^m=audio (\d+) ", RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
}
