using System.Security.Cryptography;
using RtcOnAws.MediaNode.HighAvailability.Roles;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class HeartbeatCodecTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Round_trips_an_authenticated_heartbeat()
    {
        var codec = new HeartbeatCodec(Key);
        var heartbeat = new Heartbeat("node-a", 42, 7, 1_700_000_000_123, NodeRole.Active, 5);
        var buffer = new byte[HeartbeatCodec.MaxSize];

        var size = codec.Encode(heartbeat, buffer);

        Assert.True(codec.TryDecode(buffer.AsSpan(0, size), out var decoded));
        Assert.Equal(heartbeat, decoded);
    }

    [Fact]
    public void Refuses_any_altered_byte_a_wrong_key_and_truncation()
    {
        var codec = new HeartbeatCodec(Key);
        var buffer = new byte[HeartbeatCodec.MaxSize];
        var size = codec.Encode(new Heartbeat("node-a", 42, 7, 1_700_000_000_123, NodeRole.Standby, 0), buffer);
        var datagram = buffer.AsSpan(0, size).ToArray();

        for (var i = 0; i < datagram.Length; i++)
        {
            var altered = (byte[])datagram.Clone();
            altered[i] ^= 0x01;
            Assert.False(codec.TryDecode(altered, out _), $"byte {i} altered was accepted");
        }

        Assert.False(new HeartbeatCodec(RandomNumberGenerator.GetBytes(32)).TryDecode(datagram, out _));
        Assert.False(codec.TryDecode(datagram.AsSpan(0, datagram.Length - 1), out _));
        Assert.False(codec.TryDecode([], out _));
    }

    [Fact]
    public void Refuses_short_keys()
    {
        Assert.Throws<ArgumentException>(() => new HeartbeatCodec(new byte[15]));
    }

    [Fact]
    public void Replay_guard_refuses_replays_reflections_stale_and_previous_boot_heartbeats()
    {
        var guard = new HeartbeatReplayGuard("node-b", TimeSpan.FromSeconds(5));
        const long now = 1_700_000_000_000;
        var first = new Heartbeat("node-a", BootId: 1, Sequence: 10, SentUnixMs: now, NodeRole.Active, 0);

        Assert.True(guard.Accept(first, now));
        Assert.False(guard.Accept(first, now), "the same heartbeat twice");
        Assert.False(guard.Accept(first with { Sequence = 9 }, now), "an older sequence");
        Assert.True(guard.Accept(first with { Sequence = 11, SentUnixMs = now + 20 }, now + 20));
        Assert.False(guard.Accept(first with { NodeId = "node-b", Sequence = 12 }, now), "our own heartbeat reflected back");
        Assert.False(guard.Accept(first with { Sequence = 13, SentUnixMs = now - 60_000 }, now), "far outside the clock window");
        Assert.False(guard.Accept(first with { BootId = 0xDEAD, Sequence = 500, SentUnixMs = now - 1_000 }, now + 40), "a replay of an earlier boot");
        Assert.True(guard.Accept(first with { BootId = 2, Sequence = 1, SentUnixMs = now + 60 }, now + 60), "the peer restarted");
    }
}
