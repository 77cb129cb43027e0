using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Relay.Tests;

public sealed class Ipv6RelayTests
{
    public static TheoryData<RelayBackend> Backends => new() { RelayBackend.Epoll, RelayBackend.Portable };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Relays_over_ipv6_loopback_with_strict_source(RelayBackend backend)
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { Backend = backend, LoopCount = 1 });
        var (min, max) = FreePorts.MediaRange(4, IPAddress.IPv6Loopback);
        var pool = new PortPool(engine, IPAddress.IPv6Loopback, min, max);
        Assert.True(pool.TryAllocate(false, false, out var a));
        Assert.True(pool.TryAllocate(false, false, out var b));
        using var caller = Bound();
        using var callee = Bound();
        using var stranger = Bound();
        a.SetPeer(b);
        b.SetPeer(a);
        a.ExpectRemote((IPEndPoint)caller.LocalEndPoint!, null);
        b.ExpectRemote((IPEndPoint)callee.LocalEndPoint!, null);
        engine.Start();

        var packet = RelayHarness.RtpPacket(5);
        stranger.SendTo(packet, new IPEndPoint(IPAddress.IPv6Loopback, a.RtpPort));
        caller.SendTo(packet, new IPEndPoint(IPAddress.IPv6Loopback, a.RtpPort));
        Assert.True(callee.Poll(TimeSpan.FromSeconds(5), SelectMode.SelectRead));
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.IPv6Any, 0);
        int length = callee.ReceiveFrom(buffer, ref from);
        Assert.Equal(packet, buffer[..length]);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, b.RtpPort), from);
        Eventually.True(() => a.Counters.Dropped.StrictSource == 1, "the IPv6 stranger is dropped");
        Assert.Equal(caller.LocalEndPoint, a.LearnedRtp);
        Assert.Throws<ArgumentException>(() => a.ExpectRemote(new IPEndPoint(IPAddress.Loopback, 4000), null));
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        return socket;
    }
}
