using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace RtcOnAws.MediaNode.Relay.Tests;

public sealed class RelayTests
{
    public static TheoryData<RelayBackend> Backends => new() { RelayBackend.Epoll, RelayBackend.Portable };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Relays_rtp_both_directions_byte_for_byte_from_the_peer_streams_port(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        for (int sequence = 0; sequence < 20; sequence++)
        {
            var forward = RelayHarness.RtpPacket(sequence);
            call.CallerRtp.Send(forward, call.A.RtpPort);
            var (atCallee, fromRelay) = call.CalleeRtp.ReceiveOrFail();
            Assert.Equal(forward, atCallee);
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, call.B.RtpPort), fromRelay);

            var backward = RelayHarness.RtpPacket(1000 + sequence, size: 60 + sequence);
            call.CalleeRtp.Send(backward, call.B.RtpPort);
            var (atCaller, fromRelayBack) = call.CallerRtp.ReceiveOrFail();
            Assert.Equal(backward, atCaller);
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, call.A.RtpPort), fromRelayBack);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_backlog_queued_before_start_is_relayed_completely_and_in_order(RelayBackend backend)
    {
        // More datagrams than one wake-up takes from a socket (4 batches of 16): the rest must come from the backlog.
        const int Packets = 150;
        await using var call = RelayHarness.Create(backend, startEngine: false);
        call.CalleeRtp.Socket.ReceiveBufferSize = 1 << 20;
        for (int sequence = 0; sequence < Packets; sequence++)
        {
            call.CallerRtp.Send(RelayHarness.RtpPacket(sequence), call.A.RtpPort);
        }

        call.Engine.Start();
        for (int sequence = 0; sequence < Packets; sequence++)
        {
            Assert.Equal(RelayHarness.RtpPacket(sequence), call.CalleeRtp.ReceiveOrFail().Payload);
        }

        Assert.Equal(Packets, call.A.Counters.RtpPackets);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Re_peering_a_live_stream_moves_its_media_to_the_new_peer(RelayBackend backend)
    {
        // With two loops, peering moves streams between loops while the engine runs; nothing may be lost or stuck.
        await using var call = RelayHarness.Create(backend, loops: 2);
        // Streams are placed round-robin, so skipping one lands the transfer target on the other loop than A.
        Assert.True(call.Pool.TryAllocate(false, false, out var spacer));
        Assert.True(call.Pool.TryAllocate(false, false, out var transfer));
        spacer.Dispose();
        using var transferTarget = new UdpPeer();
        transfer.ExpectRemote(transferTarget.EndPoint, null);

        for (int round = 0; round < 3; round++)
        {
            call.A.SetPeer(transfer);
            transfer.SetPeer(call.A);
            call.CallerRtp.Send(RelayHarness.RtpPacket(round), call.A.RtpPort);
            Assert.Equal(RelayHarness.RtpPacket(round), transferTarget.ReceiveOrFail().Payload);
            transferTarget.Send(RelayHarness.RtpPacket(100 + round), transfer.RtpPort);
            Assert.Equal(RelayHarness.RtpPacket(100 + round), call.CallerRtp.ReceiveOrFail().Payload);

            call.A.SetPeer(call.B);
            call.B.SetPeer(call.A);
            call.CallerRtp.Send(RelayHarness.RtpPacket(200 + round), call.A.RtpPort);
            Assert.Equal(RelayHarness.RtpPacket(200 + round), call.CalleeRtp.ReceiveOrFail().Payload);
        }

        Assert.Equal(0, call.Engine.Statistics.Dropped.Total);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Relays_rtcp_between_the_odd_ports(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        Assert.Equal(call.A.RtpPort + 1, call.A.RtcpPort);
        var report = RelayHarness.RtcpPacket(7);
        call.CallerRtcp.Send(report, call.A.RtcpPort);
        var (payload, from) = call.CalleeRtcp.ReceiveOrFail();
        Assert.Equal(report, payload);
        Assert.Equal(call.B.RtcpPort, from.Port);
        var rtp = RelayHarness.RtpPacket(1);
        call.CalleeRtp.AssertNextIs(rtp, () => call.CallerRtp.Send(rtp, call.A.RtpPort), "RTCP must not arrive on the RTP socket");

        call.CalleeRtcp.Send(report, call.B.RtcpPort);
        Assert.Equal(report, call.CallerRtcp.ReceiveOrFail().Payload);
        var counters = call.A.Counters;
        Assert.Equal(1, counters.RtcpPackets);
        Assert.Equal(1, counters.RtpPackets);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Rtcp_mux_side_is_demultiplexed_to_the_peers_rtcp_port_and_back(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend, muxA: true);
        Assert.True(call.A.RtcpMux);
        Assert.Equal(call.A.RtpPort, call.A.RtcpPort);

        var rtp = RelayHarness.RtpPacket(1);
        var rtcp = RelayHarness.RtcpPacket(9);
        call.CallerRtp.Send(rtp, call.A.RtpPort);
        call.CallerRtp.Send(rtcp, call.A.RtpPort);
        Assert.Equal(rtp, call.CalleeRtp.ReceiveOrFail().Payload);
        Assert.Equal(rtcp, call.CalleeRtcp.ReceiveOrFail().Payload);

        // The callee's RTCP goes to the muxed caller on its RTP port.
        call.CalleeRtcp.Send(rtcp, call.B.RtcpPort);
        var (payload, from) = call.CallerRtp.ReceiveOrFail();
        Assert.Equal(rtcp, payload);
        Assert.Equal(call.A.RtpPort, from.Port);
        Assert.Equal(1, call.A.Counters.RtcpPackets);
        Assert.Equal(1, call.A.Counters.RtpPackets);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Strict_source_drops_a_stranger_before_and_after_learning_rtp_bleed(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        using var stranger = new UdpPeer();

        stranger.Send(RelayHarness.RtpPacket(666), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.StrictSource == 1, "the stranger's packet before learning is dropped");
        var first = RelayHarness.RtpPacket(1);
        call.CalleeRtp.AssertNextIs(first, () => call.CallerRtp.Send(first, call.A.RtpPort), "a stranger's packet before learning was relayed");
        Assert.Equal(call.CallerRtp.EndPoint, call.A.LearnedRtp);

        stranger.Send(RelayHarness.RtpPacket(667), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.StrictSource == 2, "the stranger's packet after learning is dropped");
        var second = RelayHarness.RtpPacket(3);
        call.CalleeRtp.AssertNextIs(second, () => call.CallerRtp.Send(second, call.A.RtpPort), "a stranger's packet after learning was relayed");

        // The stranger cannot hijack the return path either: the callee's media still reaches the caller only.
        call.CalleeRtp.Send(RelayHarness.RtpPacket(2), call.B.RtpPort);
        Assert.Equal(RelayHarness.RtpPacket(2), call.CallerRtp.ReceiveOrFail().Payload);
        Assert.True(stranger.IsEmpty, "the stranger received the callee's media");

        Assert.Equal(2, call.A.Counters.Dropped.StrictSource);
        Assert.Equal(2, call.A.Counters.RtpPackets);
        Eventually.True(() => call.Engine.Statistics.Dropped.StrictSource == 2, "the engine counts both strict-source drops");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Immediate_learns_a_natted_source_then_locks_to_it(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend, EndpointLearning.Immediate);
        using var natted = new UdpPeer();
        using var stranger = new UdpPeer();

        natted.Send(RelayHarness.RtpPacket(1), call.A.RtpPort);
        call.CalleeRtp.ReceiveOrFail();
        Assert.Equal(natted.EndPoint, call.A.LearnedRtp);

        call.CalleeRtp.Send(RelayHarness.RtpPacket(2), call.B.RtpPort);
        Assert.Equal(RelayHarness.RtpPacket(2), natted.ReceiveOrFail().Payload);
        Assert.True(call.CallerRtp.IsEmpty, "media must follow the learned endpoint, not the SDP one");

        stranger.Send(RelayHarness.RtpPacket(3), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.StrictSource == 1, "the stranger's packet is dropped");
        var marker = RelayHarness.RtpPacket(4);
        call.CalleeRtp.AssertNextIs(marker, () => natted.Send(marker, call.A.RtpPort), "the stranger's packet was relayed after learning");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Off_never_learns_and_only_accepts_the_sdp_address(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend, EndpointLearning.Off);
        using var natted = new UdpPeer();

        natted.Send(RelayHarness.RtpPacket(1), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.StrictSource == 1, "the packet from outside the SDP address is dropped");
        var fromSdpAddress = RelayHarness.RtpPacket(2);
        call.CalleeRtp.AssertNextIs(fromSdpAddress, () => call.CallerRtp.Send(fromSdpAddress, call.A.RtpPort), "a packet from outside the SDP address was relayed");
        Assert.Null(call.A.LearnedRtp);
        Assert.Equal(call.CallerRtp.EndPoint, call.A.RemoteRtp);
        Assert.Equal(1, call.A.Counters.Dropped.StrictSource);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Heuristic_relays_during_the_window_then_commits_to_the_best_ranked_source(RelayBackend backend)
    {
        var time = new FakeTimeProvider();
        await using var call = RelayHarness.Create(backend, EndpointLearning.Heuristic, heuristicWindow: TimeSpan.FromMilliseconds(400), time: time);

        // The SDP said 127.0.0.2:<caller port>; packets come from 127.0.0.1 on two ports. Both are relayed during the
        // window; a source with the SDP port outranks any other source.
        using var samePort = new UdpPeer();
        using var other = new UdpPeer();
        call.A.ExpectRemote(new IPEndPoint(IPAddress.Parse("127.0.0.2"), samePort.EndPoint.Port), null, EndpointLearning.Heuristic);

        other.Send(RelayHarness.RtpPacket(1), call.A.RtpPort);
        call.CalleeRtp.ReceiveOrFail();
        samePort.Send(RelayHarness.RtpPacket(2), call.A.RtpPort);
        call.CalleeRtp.ReceiveOrFail();
        other.Send(RelayHarness.RtpPacket(3), call.A.RtpPort);
        call.CalleeRtp.ReceiveOrFail();
        Assert.Null(call.A.LearnedRtp);
        Assert.Equal(samePort.EndPoint, call.A.RemoteRtp);

        // Still inside the window (it started with the first packet): the lower-ranked source is relayed.
        time.Advance(TimeSpan.FromMilliseconds(399));
        other.Send(RelayHarness.RtpPacket(4), call.A.RtpPort);
        Assert.Equal(RelayHarness.RtpPacket(4), call.CalleeRtp.ReceiveOrFail().Payload);
        Assert.Null(call.A.LearnedRtp);

        time.Advance(TimeSpan.FromMilliseconds(1));
        other.Send(RelayHarness.RtpPacket(5), call.A.RtpPort);
        Eventually.True(() => call.A.LearnedRtp is not null, "the window ends and the best source is learned");
        Assert.Equal(samePort.EndPoint, call.A.LearnedRtp);
        Eventually.True(() => call.A.Counters.Dropped.StrictSource == 1, "the packet that ended the window, from the lower-ranked source, is dropped");
        var fromBest = RelayHarness.RtpPacket(6);
        call.CalleeRtp.AssertNextIs(fromBest, () => samePort.Send(fromBest, call.A.RtpPort), "after commit the lower-ranked source was relayed");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Heuristic_learns_an_exact_sdp_match_at_once(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend, EndpointLearning.Heuristic, heuristicWindow: TimeSpan.FromSeconds(30));
        call.CallerRtp.Send(RelayHarness.RtpPacket(1), call.A.RtpPort);
        call.CalleeRtp.ReceiveOrFail();
        Assert.Equal(call.CallerRtp.EndPoint, call.A.LearnedRtp);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Endpoint_learned_is_raised_on_the_stream_and_the_engine(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend, EndpointLearning.Immediate);
        var fromStream = new TaskCompletionSource<EndpointLearnedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fromEngine = new TaskCompletionSource<EndpointLearnedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        call.A.EndpointLearned += (_, e) => fromStream.TrySetResult(e);
        call.Engine.EndpointLearned += (_, e) => fromEngine.TrySetResult(e);
        using var natted = new UdpPeer();

        natted.Send(RelayHarness.RtpPacket(1), call.A.RtpPort);
        var learned = await fromStream.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(call.A, learned.Stream);
        Assert.Equal(RelayChannel.Rtp, learned.Channel);
        Assert.Equal(natted.EndPoint, learned.EndPoint);
        Assert.Equal(natted.EndPoint, learned.LearnedRtp);
        Assert.Same(call.A, (await fromEngine.Task.WaitAsync(TimeSpan.FromSeconds(10))).Stream);
        Eventually.True(() => call.Engine.Statistics.EndpointsLearned == 1, "the engine counts the learned endpoint");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Restored_learned_endpoint_receives_media_and_is_the_only_accepted_source(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        using var natted = new UdpPeer();
        using var nattedRtcp = new UdpPeer();
        call.A.SetLearnedRemote(natted.EndPoint, nattedRtcp.EndPoint);
        Assert.Equal(natted.EndPoint, call.A.LearnedRtp);
        Assert.Equal(nattedRtcp.EndPoint, call.A.RemoteRtcp);

        call.CalleeRtp.Send(RelayHarness.RtpPacket(1), call.B.RtpPort);
        Assert.Equal(RelayHarness.RtpPacket(1), natted.ReceiveOrFail().Payload);
        call.CallerRtp.Send(RelayHarness.RtpPacket(2), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.StrictSource == 1, "the SDP address's packet is dropped");
        var fromLearned = RelayHarness.RtpPacket(3);
        call.CalleeRtp.AssertNextIs(fromLearned, () => natted.Send(fromLearned, call.A.RtpPort), "the SDP address is no longer the remote");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Counters_count_packets_bytes_and_last_packet_time(RelayBackend backend)
    {
        var time = new FakeTimeProvider();
        await using var call = RelayHarness.Create(backend, time: time);
        Assert.Null(call.A.Counters.LastPacketUtc);
        Assert.Null(call.A.Counters.SinceLastPacket);
        var lastPacketAt = time.GetUtcNow();
        for (int i = 0; i < 10; i++)
        {
            call.CallerRtp.Send(RelayHarness.RtpPacket(i, size: 100), call.A.RtpPort);
            call.CalleeRtp.ReceiveOrFail();
        }

        Eventually.True(() => call.A.Counters.RelayedPackets == 10, "ten packets are counted as relayed");
        var counters = call.A.Counters;
        Assert.Equal(10, counters.RtpPackets);
        Assert.Equal(1000, counters.RtpBytes);
        Assert.Equal(1000, counters.RelayedBytes);
        Assert.Equal(0, counters.Errors);
        Assert.Equal(0, counters.Dropped.Total);
        Assert.Equal(time.GetTimestamp(), counters.LastPacketTimestamp);
        Assert.Equal(TimeSpan.Zero, counters.SinceLastPacket);
        Assert.Equal(lastPacketAt, counters.LastPacketUtc);
        Assert.Equal(0, call.B.Counters.Packets);

        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(TimeSpan.FromSeconds(25), call.A.Counters.SinceLastPacket);
        Assert.Equal(lastPacketAt, call.A.Counters.LastPacketUtc);

        var stats = call.Engine.Statistics;
        Assert.Equal(10, stats.PacketsReceived);
        Assert.Equal(10, stats.PacketsRelayed);
        Assert.Equal(1000, stats.BytesRelayed);
        Assert.Equal(2, stats.ActiveStreams);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Forwarding_switched_off_drops_everything_as_fenced_and_resumes_when_on(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        call.Engine.ForwardingEnabled = false;
        for (int i = 0; i < 5; i++)
        {
            call.CallerRtp.Send(RelayHarness.RtpPacket(i), call.A.RtpPort);
        }

        Eventually.True(() => call.Engine.Statistics.Dropped.Fenced == 5, "five fenced drops are counted");
        Assert.Equal(5, call.A.Counters.Dropped.Fenced);
        Assert.Null(call.A.LearnedRtp);

        call.Engine.ForwardingEnabled = true;
        var afterFence = RelayHarness.RtpPacket(9);
        call.CalleeRtp.AssertNextIs(afterFence, () => call.CallerRtp.Send(afterFence, call.A.RtpPort), "a fenced packet was relayed");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task A_passed_forwarding_deadline_fences_like_the_switch(RelayBackend backend)
    {
        var time = new FakeTimeProvider();
        await using var call = RelayHarness.Create(backend, time: time);
        call.Engine.ForwardingDeadline = time.GetTimestamp() + time.TimestampFrequency;
        call.CallerRtp.Send(RelayHarness.RtpPacket(1), call.A.RtpPort);
        Assert.Equal(RelayHarness.RtpPacket(1), call.CalleeRtp.ReceiveOrFail().Payload);

        time.Advance(TimeSpan.FromSeconds(1));
        call.CallerRtp.Send(RelayHarness.RtpPacket(2), call.A.RtpPort);
        Assert.Equal(RelayHarness.RtpPacket(2), call.CalleeRtp.ReceiveOrFail().Payload);

        time.Advance(TimeSpan.FromTicks(1));
        call.CallerRtp.Send(RelayHarness.RtpPacket(3), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.Fenced == 1, "the packet past the deadline is counted as fenced");

        call.Engine.ForwardingDeadline = time.GetTimestamp() + (time.TimestampFrequency * 60);
        var renewed = RelayHarness.RtpPacket(4);
        call.CalleeRtp.AssertNextIs(renewed, () => call.CallerRtp.Send(renewed, call.A.RtpPort), "the packet past the deadline was relayed");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Without_a_peer_or_its_destination_packets_are_dropped_as_no_peer(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        call.B.ExpectRemote(null, null);
        call.CallerRtp.Send(RelayHarness.RtpPacket(1), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.NoPeer == 1, "no destination counts as no-peer");

        call.A.SetPeer(null);
        call.CallerRtp.Send(RelayHarness.RtpPacket(2), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.NoPeer == 2, "no peer counts as no-peer");
        call.A.SetPeer(call.B);
        call.B.ExpectRemote(call.CalleeRtp.EndPoint, call.CalleeRtcp.EndPoint);
        var repeered = RelayHarness.RtpPacket(3);
        call.CalleeRtp.AssertNextIs(repeered, () => call.CallerRtp.Send(repeered, call.A.RtpPort), "a packet without a peer was relayed");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Oversize_datagrams_are_dropped_and_counted(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        call.CallerRtp.Send(new byte[3000], call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.Oversize == 1, "the oversize drop is counted");
        var fitting = RelayHarness.RtpPacket(1);
        call.CalleeRtp.AssertNextIs(fitting, () => call.CallerRtp.Send(fitting, call.A.RtpPort), "the oversize datagram was relayed");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Disposing_a_stream_stops_relaying_to_it_and_counts_no_peer(RelayBackend backend)
    {
        await using var call = RelayHarness.Create(backend);
        call.CallerRtp.Send(RelayHarness.RtpPacket(1), call.A.RtpPort);
        call.CalleeRtp.ReceiveOrFail();
        call.B.Dispose();
        call.CallerRtp.Send(RelayHarness.RtpPacket(2), call.A.RtpPort);
        Eventually.True(() => call.A.Counters.Dropped.NoPeer == 1, "relaying into a disposed stream counts as no-peer");
        Assert.Equal(1, call.Engine.ActiveStreams);
    }

    [Fact]
    public void Options_name_the_bad_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RelayEngine(new RelayEngineOptions { LoopCount = 0 }));
        Assert.Equal("LoopCount", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new RelayEngine(new RelayEngineOptions { ReceiveBufferSize = 10 }));
        Assert.Equal("ReceiveBufferSize", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new RelayEngine(new RelayEngineOptions { HeuristicLearningWindow = TimeSpan.Zero }));
        Assert.Equal("HeuristicLearningWindow", error.ParamName);
    }
}
