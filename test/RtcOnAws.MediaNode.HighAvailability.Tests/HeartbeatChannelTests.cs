using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class HeartbeatChannelTests
{
    private static readonly byte[] Key = "heartbeat-test-key-0123456789"u8.ToArray();

    [Fact]
    public async Task The_peer_status_is_dated_by_the_injected_clock_which_the_coordinator_and_relay_share()
    {
        // The fake clock starts in the year 2000: the replay guard only accepts the peer's heartbeat if the channel
        // reads wall time through the provider too.
        var time = new FakeTimeProvider();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 20_000 };
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // A long interval: the channel sends its first heartbeat at once and the next one only after the test is over.
        var options = new HeartbeatOptions(new IPEndPoint(IPAddress.Loopback, 0), (IPEndPoint)peer.LocalEndPoint!, TimeSpan.FromSeconds(30), Key);
        using var channel = new HeartbeatChannel(options, "node-a", () => NodeRole.Active, new HighAvailabilityMetrics(time), NullLogger.Instance, time);
        var sentAt = time.GetTimestamp();
        channel.Start();

        var codec = new HeartbeatCodec(Key);
        var buffer = new byte[HeartbeatCodec.MaxSize];
        var received = peer.Receive(buffer);
        Assert.True(codec.TryDecode(buffer.AsSpan(0, received), out var ours));
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), ours.SentUnixMs);
        Assert.Equal(PeerStatus.Unknown, channel.Peer);

        time.Advance(TimeSpan.FromMilliseconds(1500));
        var heardAt = time.GetTimestamp();
        var reply = new Heartbeat("node-b", 7, 1, time.GetUtcNow().ToUnixTimeMilliseconds(), NodeRole.Standby, ours.Sequence);
        peer.SendTo(buffer.AsSpan(0, codec.Encode(reply, buffer)), channel.LocalEndPoint);

        await Eventually.True(() => channel.Peer.LastHeardAt != long.MinValue, "the channel accepts the peer's heartbeat");
        var status = channel.Peer;
        Assert.Equal(heardAt, status.LastHeardAt);
        Assert.Equal(sentAt, status.EchoSentAt);
        Assert.Equal(NodeRole.Standby, status.Role);
    }
}
