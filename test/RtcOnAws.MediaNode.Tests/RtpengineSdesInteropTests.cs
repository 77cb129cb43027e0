using System.Net;
using System.Net.Sockets;
using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// SDES-SRTP against the real rtpengine 10.5: media-node and rtpengine share one SRTP hop, each bridging it to plain
/// RTP on its other side, so RTP sent into one end comes out of the other byte for byte only if both encrypt, sign
/// and verify alike (rtpengine drops what fails its tag check, and so do we).
/// </summary>
public sealed class RtpengineSdesInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly string[] RtpengineSuites =
    [
        "AEAD_AES_256_GCM", "AEAD_AES_128_GCM", "AES_256_CM_HMAC_SHA1_80", "AES_256_CM_HMAC_SHA1_32", "AES_192_CM_HMAC_SHA1_80",
        "AES_192_CM_HMAC_SHA1_32", "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "F8_128_HMAC_SHA1_80", "F8_128_HMAC_SHA1_32",
        "NULL_HMAC_SHA1_80", "NULL_HMAC_SHA1_32",
    ];
    private MediaNodeDaemon _mediaNode = null!;
    private RtpengineDaemon _rtpengine = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _mediaNode = await MediaNodeDaemon.StartAsync(mediaPorts: 20);
        _rtpengine = await RtpengineDaemon.StartAsync();
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_rtpengine, _mediaNode);

    /// <summary>Caller (plain) → media-node → SRTP → rtpengine → callee (plain): media-node keys the SRTP hop's offer.</summary>
    [Theory]
    [InlineData("AES_CM_128_HMAC_SHA1_80")]
    [InlineData("AES_CM_128_HMAC_SHA1_32")]
    [InlineData("AEAD_AES_128_GCM")]
    public async Task Media_node_offers_sdes_to_rtpengine(string suite)
    {
        using var caller = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var callee = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var callId = $"sdes-mn-{suite}-{Guid.NewGuid():N}";

        var toRtpengine = await Offer(_mediaNode.Client, callId, Sdp(caller), ("transport-protocol", "RTP/SAVP"), ("SDES", new[] { "only-" + suite }));
        Assert.Contains("m=audio " + AudioPort(toRtpengine) + " RTP/SAVP 0", toRtpengine, StringComparison.Ordinal);
        Assert.Contains("a=crypto:1 " + suite + " inline:", toRtpengine, StringComparison.Ordinal);
        var toCallee = await Offer(_rtpengine.Client, callId, toRtpengine, ("transport-protocol", "RTP/AVP"));
        Assert.DoesNotContain("a=crypto", toCallee, StringComparison.Ordinal);

        var fromRtpengine = await Answer(_rtpengine.Client, callId, Sdp(callee));
        Assert.Contains("a=crypto:1 " + suite + " inline:", fromRtpengine, StringComparison.Ordinal);
        var toCaller = await Answer(_mediaNode.Client, callId, fromRtpengine);
        Assert.Contains(" RTP/AVP 0", toCaller, StringComparison.Ordinal);
        Assert.DoesNotContain("a=crypto", toCaller, StringComparison.Ordinal);

        await AssertRelaysBothWays(caller, AudioPort(toCaller), callee, AudioPort(toCallee));
    }

    /// <summary>Caller (plain) → rtpengine → SRTP → media-node → callee (plain): rtpengine keys the offer, media-node answers it.</summary>
    [Theory]
    [InlineData("AES_CM_128_HMAC_SHA1_80")]
    [InlineData("AEAD_AES_128_GCM")]
    public async Task Rtpengine_offers_sdes_to_media_node(string suite)
    {
        using var caller = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var callee = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var callId = $"sdes-re-{suite}-{Guid.NewGuid():N}";

        // rtpengine 10.5 offers a dozen suites and has no "only-": leave out the others with "no-".
        var others = RtpengineSuites.Where(name => name != suite).Select(name => "no-" + name).ToArray();
        var toMediaNode = await Offer(_rtpengine.Client, callId, Sdp(caller), ("transport-protocol", "RTP/SAVP"), ("SDES", others));
        Assert.Single(toMediaNode.Split('\n'), line => line.StartsWith("a=crypto:", StringComparison.Ordinal));
        Assert.Contains(" " + suite + " inline:", toMediaNode, StringComparison.Ordinal);
        var toCallee = await Offer(_mediaNode.Client, callId, toMediaNode, ("transport-protocol", "RTP/AVP"));
        Assert.DoesNotContain("a=crypto", toCallee, StringComparison.Ordinal);

        var fromMediaNode = await Answer(_mediaNode.Client, callId, Sdp(callee));
        Assert.Contains(" " + suite + " inline:", fromMediaNode, StringComparison.Ordinal);
        var toCaller = await Answer(_rtpengine.Client, callId, fromMediaNode);
        Assert.DoesNotContain("a=crypto", toCaller, StringComparison.Ordinal);

        await AssertRelaysBothWays(caller, AudioPort(toCaller), callee, AudioPort(toCallee));
    }

    private static async Task AssertRelaysBothWays(UdpClient caller, int callerSendsTo, UdpClient callee, int calleeSendsTo)
    {
        for (ushort sequence = 1; sequence <= 20; sequence++)
        {
            var forward = Rtp(sequence, ssrc: 0x1111_1111, fill: (byte)sequence);
            await caller.SendAsync(forward, new IPEndPoint(IPAddress.Loopback, callerSendsTo));
            Assert.Equal(forward, await Receive(callee));

            var backward = Rtp((ushort)(1000 + sequence), ssrc: 0x2222_2222, fill: (byte)(0x80 + sequence));
            await callee.SendAsync(backward, new IPEndPoint(IPAddress.Loopback, calleeSendsTo));
            Assert.Equal(backward, await Receive(caller));
        }
    }

    private static async Task<byte[]> Receive(UdpClient client)
    {
        using var timeout = new CancellationTokenSource(Wait);
        return (await client.ReceiveAsync(timeout.Token)).Buffer;
    }

    private static async Task<string> Offer(NgClient client, string callId, string sdp, params (string Key, object Value)[] extra) =>
        Sdp(await client.RequestAsync(NgClient.Dict(
            [("command", "offer"), ("call-id", callId), ("from-tag", "caller"), ("sdp", sdp), .. extra])));

    private static async Task<string> Answer(NgClient client, string callId, string sdp) =>
        Sdp(await client.RequestAsync(NgClient.Dict(
            ("command", "answer"), ("call-id", callId), ("from-tag", "caller"), ("to-tag", "callee"), ("sdp", sdp))));

    private static string Sdp(BencodeValue reply) =>
        reply["result"]?.AsText() == "ok" ? reply["sdp"]!.AsText()! : throw new InvalidOperationException($"ng error: {reply["error-reason"]?.AsText()}");

    private static string Sdp(UdpClient party)
    {
        var endPoint = (IPEndPoint)party.Client.LocalEndPoint!;
        return Drill.NgClient.Sdp(endPoint.Address, endPoint.Port);
    }

    private static int AudioPort(string sdp)
    {
        var line = sdp.Split('\n').First(l => l.StartsWith("m=audio ", StringComparison.Ordinal));
        return int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Rtp(ushort sequence, uint ssrc, byte fill)
    {
        var packet = new byte[172];
        packet[0] = 0x80;
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 160u * sequence);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet.AsSpan(12).Fill(fill);
        return packet;
    }
}
