using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.Drill;
using RtcOnAws.MediaNode.Relay.Kernel;

namespace RtcOnAws.MediaNode.Relay.Tests.Kernel;

/// <summary>
/// Kernel forwarding (nftables over netlink) in real network namespaces: caller ⇄ relay ⇄ callee, routed. A packet
/// counted in <see cref="RelayStatistics.KernelPacketsForwarded"/> was forwarded without reaching a socket; the
/// packets that learn the endpoints go through user space and are counted there.
/// </summary>
public sealed class KernelForwardingTests(KernelTopology topology) : IClassFixture<KernelTopology>
{
    [Fact]
    public async Task Forwards_rtp_and_rtcp_both_ways_in_the_kernel_byte_for_byte_from_the_relay_ports()
    {
        await using var call = KernelCall.Create(topology, "kft_both_ways");
        call.LearnBothWaysInTheKernel(rtcp: true);

        for (int i = 0; i < 20; i++)
        {
            var packet = KernelCall.Rtp(100 + i);
            call.CallerRtp.Send(packet, call.ARtp);
            var (payload, from) = call.CalleeRtp.ReceiveOrFail();
            Assert.Equal(packet, payload);
            Assert.Equal(call.BRtp, from);

            var reply = KernelCall.Rtp(200 + i);
            call.CalleeRtp.Send(reply, call.BRtp);
            (payload, from) = call.CallerRtp.ReceiveOrFail();
            Assert.Equal(reply, payload);
            Assert.Equal(call.ARtp, from);
        }

        for (int i = 0; i < 5; i++)
        {
            call.CallerRtcp.Send(KernelCall.Rtcp(i), call.ARtcp);
            var (payload, from) = call.CalleeRtcp.ReceiveOrFail();
            Assert.Equal(KernelCall.Rtcp(i), payload);
            Assert.Equal(call.BRtcp, from);
            call.CalleeRtcp.Send(KernelCall.Rtcp(50 + i), call.BRtcp);
            (payload, from) = call.CallerRtcp.ReceiveOrFail();
            Assert.Equal(call.ARtcp, from);
        }

        call.Engine.RefreshKernelCounters();
        var statistics = call.Engine.Statistics;
        Assert.Equal(50, statistics.KernelPacketsForwarded);
        var a = call.A.Counters;
        Assert.Equal(21, a.RtpPackets);
        Assert.Equal(21 * 172, a.RtpBytes);
        Assert.Equal(6, a.RtcpPackets);
        Assert.Equal(6 * 28, a.RtcpBytes);
        Assert.Equal(27, a.RelayedPackets);
        Assert.Equal(27, call.B.Counters.Packets);
        Assert.True(call.A.IsForwardedInKernel);
    }

    [Fact]
    public async Task With_rtcp_mux_rtp_is_forwarded_in_the_kernel_and_rtcp_is_demultiplexed_in_user_space()
    {
        await using var call = KernelCall.Create(topology, "kft_mux", muxA: true, muxB: false);
        call.LearnBothWays(rtcp: false);
        call.CalleeRtcp.Send(KernelCall.Rtcp(9), call.BRtcp);
        call.CallerRtp.ReceiveOrFail();
        Eventually.True(() => call.Engine.Statistics.KernelEntries == 3, "A's RTP and B's RTP and RTCP are in the kernel");

        for (int i = 0; i < 10; i++)
        {
            call.CallerRtp.Send(KernelCall.Rtp(i), call.ARtp);
            Assert.Equal(KernelCall.Rtp(i), call.CalleeRtp.ReceiveOrFail().Payload);
        }

        // RTCP multiplexed on the caller's RTP port goes to the callee's RTCP port, from B's RTCP port.
        call.CallerRtp.Send(KernelCall.Rtcp(3), call.ARtp);
        var (rtcp, from) = call.CalleeRtcp.ReceiveOrFail();
        Assert.Equal(KernelCall.Rtcp(3), rtcp);
        Assert.Equal(call.BRtcp, from);

        // The callee's RTCP (odd port) goes to the caller's RTP port, in the kernel.
        call.CalleeRtcp.Send(KernelCall.Rtcp(4), call.BRtcp);
        (rtcp, from) = call.CallerRtp.ReceiveOrFail();
        Assert.Equal(KernelCall.Rtcp(4), rtcp);
        Assert.Equal(call.ARtp, from);

        call.Engine.RefreshKernelCounters();
        Assert.Equal(11, call.Engine.Statistics.KernelPacketsForwarded);
        Assert.Equal(1, call.A.Counters.RtcpPackets);
        Assert.Equal(11, call.A.Counters.RtpPackets);
        Assert.Equal(2, call.B.Counters.RtcpPackets);
    }

    [Fact]
    public async Task A_strangers_packets_are_not_forwarded_by_the_kernel_and_are_dropped_and_counted()
    {
        await using var call = KernelCall.Create(topology, "kft_strict");
        call.LearnBothWaysInTheKernel(rtcp: false);

        call.Stranger.Send(KernelCall.Rtp(666), call.ARtp);
        call.OtherHost.Send(KernelCall.Rtp(667), call.ARtp);
        Eventually.True(() => call.A.Counters.Dropped.StrictSource == 2, "both strangers' packets are dropped in user space");

        var marker = KernelCall.Rtp(1);
        call.CalleeRtp.AssertNextIs(marker, () => call.CallerRtp.Send(marker, call.ARtp), "the strangers' packets never reach the callee");
        call.Engine.RefreshKernelCounters();
        Assert.Equal(1, call.Engine.Statistics.KernelPacketsForwarded);
    }

    [Fact]
    public async Task Kernel_counters_give_the_last_packet_time_so_a_silent_call_times_out()
    {
        var time = new FakeTimeProvider();
        await using var call = KernelCall.Create(topology, "kft_timeout", time: time);
        call.LearnBothWaysInTheKernel(rtcp: false);

        time.Advance(TimeSpan.FromSeconds(5));
        call.CallerRtp.Send(KernelCall.Rtp(10), call.ARtp);
        call.CalleeRtp.ReceiveOrFail();
        call.Engine.RefreshKernelCounters();
        Assert.Equal(TimeSpan.Zero, call.A.Counters.SinceLastPacket);

        time.Advance(TimeSpan.FromSeconds(30));
        call.Engine.RefreshKernelCounters();
        Assert.Equal(TimeSpan.FromSeconds(30), call.A.Counters.SinceLastPacket);
        Assert.Equal(TimeSpan.FromSeconds(35), call.B.Counters.SinceLastPacket);

        call.CallerRtp.Send(KernelCall.Rtp(11), call.ARtp);
        call.CalleeRtp.ReceiveOrFail();
        call.Engine.RefreshKernelCounters();
        Assert.Equal(TimeSpan.Zero, call.A.Counters.SinceLastPacket);
        Assert.Equal(3, call.A.Counters.RtpPackets);
    }

    [Fact]
    public async Task Deleting_a_stream_removes_its_entries_and_its_peers_and_keeps_the_last_counts()
    {
        await using var call = KernelCall.Create(topology, "kft_delete");
        call.LearnBothWaysInTheKernel(rtcp: true);
        for (int i = 0; i < 5; i++)
        {
            call.CallerRtp.Send(KernelCall.Rtp(i), call.ARtp);
            call.CalleeRtp.ReceiveOrFail();
        }

        call.A.Dispose();

        Assert.Equal(6, call.A.Counters.RtpPackets);
        Assert.Equal(0, call.Engine.Statistics.KernelEntries);
        Assert.False(call.B.IsForwardedInKernel);
        var map = topology.Nft("list map ip kft_delete rtp");
        Assert.NotNull(map);
        Assert.DoesNotContain("elements", map);
    }

    [Fact]
    public async Task A_new_sdp_address_takes_the_old_source_out_of_the_kernel_and_points_the_peer_at_the_new_one()
    {
        await using var call = KernelCall.Create(topology, "kft_reinvite");
        call.LearnBothWaysInTheKernel(rtcp: false);

        // A re-INVITE moves the caller to another host: nothing is learned for it yet.
        call.A.ExpectRemote(call.OtherHost.EndPoint, null);

        Assert.False(call.A.IsForwardedInKernel);
        Assert.True(call.B.IsForwardedInKernel);
        call.CallerRtp.Send(KernelCall.Rtp(5), call.ARtp);
        Eventually.True(() => call.A.Counters.Dropped.StrictSource == 1, "the old source is dropped in user space");
        call.CalleeRtp.Send(KernelCall.Rtp(6), call.BRtp);
        var (payload, from) = call.OtherHost.ReceiveOrFail();
        Assert.Equal(KernelCall.Rtp(6), payload);
        Assert.Equal(call.ARtp, from);
        call.Engine.RefreshKernelCounters();
        Assert.Equal(1, call.Engine.Statistics.KernelPacketsForwarded);
    }

    [Fact]
    public async Task Shutdown_deletes_the_table()
    {
        var call = KernelCall.Create(topology, "kft_shutdown");
        call.LearnBothWaysInTheKernel(rtcp: false);
        Assert.NotNull(topology.Nft("list table ip kft_shutdown"));

        await call.DisposeAsync();

        Assert.Null(topology.Nft("list table ip kft_shutdown"));
    }

    [Fact]
    public async Task A_table_left_behind_is_replaced_at_start()
    {
        Assert.NotNull(topology.Nft("add table ip kft_leftover"));
        Assert.NotNull(topology.Nft("add map ip kft_leftover rtp { type ipv4_addr : ipv4_addr ; elements = { 10.77.1.2 : 10.77.2.2 } ; }"));
        Assert.NotNull(topology.Nft("add set ip kft_leftover stale { type ipv4_addr ; }"));

        await using var call = KernelCall.Create(topology, "kft_leftover");

        var table = topology.Nft("list table ip kft_leftover");
        Assert.NotNull(table);
        Assert.DoesNotContain("stale", table);
        Assert.DoesNotContain("10.77.2.2", table);
        call.LearnBothWaysInTheKernel(rtcp: false);
    }

    [Fact]
    public async Task Fencing_removes_every_entry_and_unfencing_installs_them_again()
    {
        await using var call = KernelCall.Create(topology, "kft_fence");
        call.LearnBothWaysInTheKernel(rtcp: true);

        call.Engine.ForwardingEnabled = false;
        Assert.Equal(0, call.Engine.Statistics.KernelEntries);
        call.CallerRtp.Send(KernelCall.Rtp(7), call.ARtp);
        Eventually.True(() => call.A.Counters.Dropped.Fenced == 1, "a fenced node drops in user space");

        call.Engine.ForwardingEnabled = true;
        Assert.Equal(4, call.Engine.Statistics.KernelEntries);
        var marker = KernelCall.Rtp(8);
        call.CalleeRtp.AssertNextIs(marker, () => call.CallerRtp.Send(marker, call.ARtp), "the fenced packet was not forwarded");
        call.Engine.RefreshKernelCounters();
        Assert.Equal(1, call.Engine.Statistics.KernelPacketsForwarded);
    }

    [Fact]
    public async Task A_standby_installs_its_restored_streams_when_it_takes_over_and_forwards_the_first_packet_in_the_kernel()
    {
        await using var call = KernelCall.Create(topology, "kft_takeover");
        call.Engine.ForwardingEnabled = false;
        call.A.SetLearnedRemote(call.CallerRtp.EndPoint, call.CallerRtcp.EndPoint);
        call.B.SetLearnedRemote(call.CalleeRtp.EndPoint, call.CalleeRtcp.EndPoint);
        Assert.Equal(0, call.Engine.Statistics.KernelEntries);

        call.Engine.ForwardingEnabled = true;

        Assert.Equal(4, call.Engine.Statistics.KernelEntries);
        call.CallerRtp.Send(KernelCall.Rtp(1), call.ARtp);
        Assert.Equal(call.BRtp, call.CalleeRtp.ReceiveOrFail().From);
        call.CalleeRtcp.Send(KernelCall.Rtcp(1), call.BRtcp);
        Assert.Equal(call.ARtcp, call.CallerRtcp.ReceiveOrFail().From);
        call.Engine.RefreshKernelCounters();
        Assert.Equal(2, call.Engine.Statistics.KernelPacketsForwarded);
        Assert.Equal(2, call.Engine.Statistics.PacketsReceived);
    }

    [Fact]
    public async Task A_full_table_keeps_streams_in_user_space_and_counts_them()
    {
        await using var call = KernelCall.Create(topology, "kft_full", capacity: 1);
        call.LearnBothWays(rtcp: false);
        Eventually.True(() => call.Engine.Statistics.KernelInstallFailures >= 1, "the second direction is refused");
        Assert.Equal(1, call.Engine.Statistics.KernelEntries);

        for (int i = 0; i < 3; i++)
        {
            call.CallerRtp.Send(KernelCall.Rtp(i), call.ARtp);
            Assert.Equal(KernelCall.Rtp(i), call.CalleeRtp.ReceiveOrFail().Payload);
            call.CalleeRtp.Send(KernelCall.Rtp(50 + i), call.BRtp);
            Assert.Equal(KernelCall.Rtp(50 + i), call.CallerRtp.ReceiveOrFail().Payload);
        }

        call.Engine.RefreshKernelCounters();
        Assert.Equal(3, call.Engine.Statistics.KernelPacketsForwarded);
        Assert.Equal(4, call.A.Counters.RtpPackets);
        Assert.Equal(4, call.B.Counters.RtpPackets);
    }

    [Fact]
    public async Task A_leg_that_gains_a_media_transform_leaves_the_kernel_so_every_packet_is_rewritten_in_user_space()
    {
        await using var call = KernelCall.Create(topology, "kft_transform");
        call.LearnBothWaysInTheKernel(rtcp: false);

        var transform = new CountingTransform();
        call.B.Transform = transform;
        Eventually.True(() => call.Engine.Statistics.KernelEntries == 0, "the kernel copies bytes unchanged: no entry may remain");
        for (int i = 0; i < 5; i++)
        {
            call.CallerRtp.Send(KernelCall.Rtp(300 + i), call.ARtp);
            Assert.Equal(KernelCall.Rtp(300 + i), call.CalleeRtp.ReceiveOrFail().Payload);
            call.CalleeRtp.Send(KernelCall.Rtp(400 + i), call.BRtp);
            Assert.Equal(KernelCall.Rtp(400 + i), call.CallerRtp.ReceiveOrFail().Payload);
        }

        Assert.Equal(5, transform.Protected);
        Assert.Equal(5, transform.Unprotected);
        Assert.False(call.A.IsForwardedInKernel);
        Assert.False(call.B.IsForwardedInKernel);
    }

    [Fact]
    public async Task A_party_on_the_relay_host_itself_stays_in_user_space()
    {
        await using var call = KernelCall.Create(topology, "kft_local", calleeOnRelayHost: true);
        call.LearnBothWays(rtcp: false);
        for (int i = 0; i < 3; i++)
        {
            call.CallerRtp.Send(KernelCall.Rtp(i), call.ARtp);
            var (payload, from) = call.CalleeRtp.ReceiveOrFail();
            Assert.Equal(KernelCall.Rtp(i), payload);
            Assert.Equal(call.BRtp, from);
            call.CalleeRtp.Send(KernelCall.Rtp(50 + i), call.BRtp);
            Assert.Equal(call.ARtp, call.CallerRtp.ReceiveOrFail().From);
        }

        call.Engine.RefreshKernelCounters();
        Assert.Equal(0, call.Engine.Statistics.KernelEntries);
        Assert.Equal(0, call.Engine.Statistics.KernelPacketsForwarded);
        Assert.Equal(4, call.A.Counters.RtpPackets);
    }

    [Fact]
    public async Task Auto_falls_back_to_user_space_where_the_kernel_path_is_unavailable_and_on_refuses_to_start()
    {
        // The caller's namespace has IPv4 forwarding off: rewritten packets would be dropped there.
        var (active, reason) = NetworkNamespace.Run(topology.Caller, () =>
        {
            var engine = new RelayEngine(new RelayEngineOptions { LoopCount = 1, KernelForwarding = KernelForwardingMode.Auto, KernelTableName = "kft_auto" });
            engine.Start();
            var result = (engine.KernelForwardingActive, engine.KernelForwardingUnavailableReason);
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return result;
        });
        Assert.False(active);
        Assert.Contains("ip_forward", reason);

        var failure = Assert.Throws<InvalidOperationException>(() => NetworkNamespace.Run(topology.Caller, () =>
        {
            var engine = new RelayEngine(new RelayEngineOptions { LoopCount = 1, KernelForwarding = KernelForwardingMode.On, KernelTableName = "kft_on" });
            try
            {
                engine.Start();
                return true;
            }
            finally
            {
                engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }));
        Assert.Contains("ip_forward", failure.InnerException!.Message);

        await using var call = KernelCall.Create(topology, "kft_off", mode: KernelForwardingMode.Off);
        call.LearnBothWays(rtcp: false);
        Assert.False(call.Engine.KernelForwardingActive);
        Assert.Null(topology.Nft("list table ip kft_off"));
    }

    /// <summary>Relays bytes unchanged and counts what passed through it: proof that a packet took the user-space path.</summary>
    private sealed class CountingTransform : IMediaTransform
    {
        private int _protected;
        private int _unprotected;

        public int Protected => Volatile.Read(ref _protected);

        public int Unprotected => Volatile.Read(ref _unprotected);

        public MediaTransformResult Unprotect(Span<byte> packet, ref int length, bool rtcp)
        {
            Interlocked.Increment(ref _unprotected);
            return MediaTransformResult.Relay;
        }

        public MediaTransformResult Protect(Span<byte> packet, ref int length, bool rtcp)
        {
            Interlocked.Increment(ref _protected);
            return MediaTransformResult.Relay;
        }
    }
}
