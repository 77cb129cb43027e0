using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Relay.Tests;

public sealed class PortPoolTests
{
    public static TheoryData<RelayBackend> Backends => new() { RelayBackend.Epoll, RelayBackend.Portable };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Allocates_even_rtp_and_odd_rtcp_ports_inside_the_range(RelayBackend backend)
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { Backend = backend, LoopCount = 1 });
        var (min, max) = FreePorts.MediaRange(6);
        var pool = new PortPool(engine, IPAddress.Loopback, min, max);
        Assert.Equal(3, pool.Capacity);
        var seen = new HashSet<int>();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(pool.TryAllocate(rtcpMux: false, freeBind: false, out var stream));
            Assert.Equal(0, stream.RtpPort % 2);
            Assert.Equal(stream.RtpPort + 1, stream.RtcpPort);
            Assert.InRange(stream.RtpPort, min, max);
            Assert.InRange(stream.RtcpPort, min, max);
            Assert.True(seen.Add(stream.RtpPort));
            Assert.True(IsBound(stream.RtpPort) && IsBound(stream.RtcpPort), "allocated ports must really be bound");
        }

        Assert.Equal(3, pool.InUse);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Exhaustion_is_a_clean_false_and_a_disposed_pair_is_free_again(RelayBackend backend)
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { Backend = backend, LoopCount = 1 });
        var (min, max) = FreePorts.MediaRange(4);
        var pool = new PortPool(engine, IPAddress.Loopback, min, max);
        Assert.True(pool.TryAllocate(false, false, out var first));
        Assert.True(pool.TryAllocate(true, false, out _));
        Assert.False(pool.TryAllocate(false, false, out var none));
        Assert.Null(none);

        int port = first.RtpPort;
        first.Dispose();
        Assert.False(IsBound(port), "dispose must unbind the RTP port");
        Assert.False(IsBound(port + 1), "dispose must unbind the RTCP port");
        Assert.Equal(1, pool.InUse);
        Assert.True(pool.TryAllocate(false, false, out var again));
        Assert.Equal(port, again.RtpPort);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Never_hands_out_a_port_that_is_still_bound(RelayBackend backend)
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { Backend = backend, LoopCount = 1 });
        var (min, max) = FreePorts.MediaRange(6);
        using var squatterOnRtp = new UdpPeer(min);
        using var squatterOnRtcp = new UdpPeer(min + 3);
        var pool = new PortPool(engine, IPAddress.Loopback, min, max);

        Assert.True(pool.TryAllocate(false, false, out var stream));
        Assert.Equal(min + 4, stream.RtpPort);
        Assert.False(pool.TryAllocate(false, false, out _), "both other pairs are partly bound by someone else");
        Assert.False(pool.TryAllocateExact(min, false, false, out _));
        Assert.False(pool.TryAllocateExact(min + 4, false, false, out _), "a pair held by a live stream is not handed out again");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Exact_allocation_binds_the_requested_pair_and_refuses_bad_ports(RelayBackend backend)
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { Backend = backend, LoopCount = 1 });
        var (min, max) = FreePorts.MediaRange(8);
        var pool = new PortPool(engine, IPAddress.Loopback, min, max);
        Assert.True(pool.TryAllocateExact(min + 4, rtcpMux: false, freeBind: false, out var stream));
        Assert.Equal(min + 4, stream.RtpPort);
        Assert.Equal(min + 5, stream.RtcpPort);
        Assert.False(pool.TryAllocateExact(min + 1, false, false, out _), "an odd RTP port is refused");
        Assert.False(pool.TryAllocateExact(max + 1, false, false, out _), "a port beyond the range is refused");
        Assert.False(pool.TryAllocateExact(min - 2, false, false, out _), "a port below the range is refused");
        Assert.Equal(1, pool.InUse);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Free_bind_binds_the_exact_ports_of_an_address_on_no_interface(RelayBackend backend)
    {
        // 10.255.x is assigned to no interface here: only IP_FREEBIND lets the standby bind it before takeover.
        var floating = IPAddress.Parse("10.255.113.7");
        await using var engine = new RelayEngine(new RelayEngineOptions { Backend = backend, LoopCount = 1 });
        engine.Start();
        var (min, max) = FreePorts.MediaRange(4);
        var pool = new PortPool(engine, floating, min, max);

        var error = Assert.Throws<InvalidOperationException>(() => pool.TryAllocateExact(min, false, freeBind: false, out _));
        Assert.Contains("freeBind", error.Message, StringComparison.Ordinal);

        Assert.True(pool.TryAllocateExact(min, rtcpMux: false, freeBind: true, out var stream));
        Assert.Equal(floating, stream.LocalAddress);
        Assert.Equal(min, stream.RtpPort);
        Assert.Equal(min + 1, stream.RtcpPort);
        Assert.False(pool.TryAllocateExact(min, false, true, out _), "the pair is held");
        stream.Dispose();
        Assert.True(pool.TryAllocateExact(min, false, true, out _), "dispose released the free-bound pair");
    }

    [Fact]
    public async Task Bad_ranges_name_the_bad_argument()
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { LoopCount = 1 });
        Assert.Equal("minPort", Assert.Throws<ArgumentOutOfRangeException>(() => new PortPool(engine, IPAddress.Loopback, 0, 10)).ParamName);
        Assert.Equal("maxPort", Assert.Throws<ArgumentOutOfRangeException>(() => new PortPool(engine, IPAddress.Loopback, 3000, 2999)).ParamName);
        Assert.Equal("maxPort", Assert.Throws<ArgumentOutOfRangeException>(() => new PortPool(engine, IPAddress.Loopback, 3001, 3002)).ParamName);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Disposing_the_engine_releases_every_port(RelayBackend backend)
    {
        var engine = new RelayEngine(new RelayEngineOptions { Backend = backend, LoopCount = 2 });
        engine.Start();
        var (min, max) = FreePorts.MediaRange(6);
        var pool = new PortPool(engine, IPAddress.Loopback, min, max);
        while (pool.TryAllocate(false, false, out _))
        {
        }

        Assert.Equal(3, engine.ActiveStreams);
        await engine.DisposeAsync();
        Assert.Equal(0, engine.ActiveStreams);
        Assert.Equal(0, pool.InUse);
        for (int port = min; port <= max; port++)
        {
            Assert.False(IsBound(port), $"port {port} is still bound after the engine was disposed");
        }

        Assert.Throws<ObjectDisposedException>(() => pool.TryAllocate(false, false, out _));
    }

    [Fact]
    public async Task An_epoll_pool_grows_the_descriptor_table_for_its_whole_range_up_front()
    {
        await using var engine = new RelayEngine(new RelayEngineOptions { Backend = RelayBackend.Epoll, LoopCount = 1 });
        _ = new PortPool(engine, IPAddress.Loopback, 10000, 65535);

        // 27,768 pairs could bind 55,536 sockets; the table holds that many descriptors, or as many as the limit allows.
        var limit = DescriptorLimit();
        Assert.True(DescriptorTableSize() >= Math.Min(limit, 55_536), $"FDSize {DescriptorTableSize()} after creating the pool (RLIMIT_NOFILE {limit})");
    }

    private static int DescriptorTableSize() =>
        int.Parse(File.ReadLines("/proc/self/status").Single(line => line.StartsWith("FDSize:", StringComparison.Ordinal))["FDSize:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static long DescriptorLimit()
    {
        var soft = File.ReadLines("/proc/self/limits").Single(line => line.StartsWith("Max open files", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        return soft == "unlimited" ? long.MaxValue : long.Parse(soft, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsBound(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
