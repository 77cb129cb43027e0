using System.Net;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;
using Xunit;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

public sealed class CallRegistryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OfferAndAnswerRelayRtpBothWaysThroughTheAdvertisedPorts()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        using var alice = new UdpPeer();
        using var bob = new UdpPeer();

        var offer = harness.Registry.Offer(new OfferAnswerRequest("call-1", "alice-tag", null, null, TestSdp.Audio(alice.EndPoint)));
        var answer = harness.Registry.Answer(new OfferAnswerRequest("call-1", "alice-tag", "bob-tag", null, TestSdp.Audio(bob.EndPoint)));

        Assert.Contains("c=IN IP4 127.0.0.1\r\n", offer, StringComparison.Ordinal);
        var towardsBob = new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(offer));
        var towardsAlice = new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(answer));
        Assert.NotEqual(towardsBob, towardsAlice);
        Assert.Equal(2, harness.Pool.InUse);

        var fromAlice = RtpPacket.Create(1, 0xAA);
        await alice.SendAsync(fromAlice, towardsAlice);
        var atBob = await bob.ReceiveAsync(Wait);
        Assert.Equal(fromAlice, atBob?.Buffer);
        Assert.Equal(towardsBob, atBob?.RemoteEndPoint);

        var fromBob = RtpPacket.Create(2, 0xBB);
        await bob.SendAsync(fromBob, towardsBob);
        var atAlice = await alice.ReceiveAsync(Wait);
        Assert.Equal(fromBob, atAlice?.Buffer);
        Assert.Equal(towardsAlice, atAlice?.RemoteEndPoint);
    }

    [Fact]
    public async Task RejectedMediaKeepsPortZeroAndAllocatesNothing()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var sdp = TestSdp.AudioVideo(new IPEndPoint(IPAddress.Loopback, 5000), videoPort: 0);

        var offer = harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, sdp));

        Assert.Equal(0, TestSdp.PortOf(offer, "video"));
        Assert.Equal(2, harness.Pool.InUse);
    }

    [Theory]
    [InlineData("not sdp", "first line must be 'v=0'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP 0\r\n", "has no c= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP6 ::1\r\nc=IN IP6 ::1\r\nm=audio 5000 RTP/AVP 0\r\n", "is IP6 but the node's interface 127.0.0.1 is IP4")]
    public async Task InvalidSdpIsRefusedWithoutLeakingPorts(string sdp, string reason)
    {
        await using var harness = CallHarness.Create(pairs: 8);

        var error = Assert.Throws<NgRequestException>(() => harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, sdp)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Pool.InUse);
        Assert.Equal(0, harness.Registry.CallCount);
    }

    [Fact]
    public async Task PortExhaustionIsACleanErrorAndReleasesWhatWasTaken()
    {
        await using var harness = CallHarness.Create(pairs: 3);
        var sdp = TestSdp.AudioVideo(new IPEndPoint(IPAddress.Loopback, 5000), videoPort: 5002);

        var error = Assert.Throws<NgRequestException>(() => harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, sdp)));

        Assert.Contains("no free media ports", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Pool.InUse);
        Assert.Equal(0, harness.Registry.CallCount);
    }

    [Fact]
    public async Task ReOfferKeepsThePortsAndDeleteFreesThem()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var sdp = TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000));
        var first = harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, sdp));
        harness.Registry.Answer(new OfferAnswerRequest("c", "a", "b", null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 6000))));

        var again = harness.Registry.Offer(new OfferAnswerRequest("c", "a", "b", null, sdp));
        var reverse = harness.Registry.Offer(new OfferAnswerRequest("c", "b", "a", null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 6000))));

        Assert.Equal(TestSdp.PortOf(first), TestSdp.PortOf(again));
        Assert.NotEqual(TestSdp.PortOf(first), TestSdp.PortOf(reverse));
        Assert.Equal(2, harness.Pool.InUse);
        harness.Registry.Delete("c", "b", null, _ => 0);
        Assert.Equal(0, harness.Pool.InUse);
        Assert.Equal(0, harness.Registry.CallCount);
    }

    [Fact]
    public async Task UnknownCallsAndTagsAreRefused()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000))));
        var sdp = TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 6000));

        Assert.Contains("unknown call-id 'x'", Assert.Throws<NgRequestException>(() => harness.Registry.Answer(new OfferAnswerRequest("x", "a", "b", null, sdp))).Message, StringComparison.Ordinal);
        Assert.Contains("unknown from-tag 'z'", Assert.Throws<NgRequestException>(() => harness.Registry.Answer(new OfferAnswerRequest("c", "z", "b", null, sdp))).Message, StringComparison.Ordinal);
        Assert.Contains("unknown from-tag 'z'", Assert.Throws<NgRequestException>(() => harness.Registry.Delete("c", "z", null, _ => 0)).Message, StringComparison.Ordinal);
        Assert.Contains("unknown call-id 'x'", Assert.Throws<NgRequestException>(() => harness.Registry.Delete("x", "a", null, _ => 0)).Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Pool.InUse);
    }

    [Fact]
    public async Task RtcpMuxRequireAdvertisesOneSocketAndDemuxAcceptsItBack()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var muxOffer = TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000), "a=rtcp-mux");

        var required = harness.Registry.Offer(new OfferAnswerRequest("req", "a", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000))) { RtcpMux = RtcpMuxFlags.Require });
        var demuxed = harness.Registry.Offer(new OfferAnswerRequest("demux", "a", null, null, muxOffer) { RtcpMux = RtcpMuxFlags.Demux });
        var answer = harness.Registry.Answer(new OfferAnswerRequest("demux", "a", "b", null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 6000))));

        Assert.Contains("a=rtcp-mux\r\n", required, StringComparison.Ordinal);
        Assert.True(harness.Registry.GetSnapshot("req")!.Legs[1].Medias[0].RtcpMuxOnly);
        Assert.DoesNotContain("a=rtcp-mux", demuxed, StringComparison.Ordinal);
        Assert.Contains("a=rtcp-mux\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MediaTimeoutEndsSilentCallsUnlessPaused()
    {
        var time = new FakeTimeProvider();
        var timeout = TimeSpan.FromSeconds(30);
        await using var harness = CallHarness.Create(pairs: 8, time: time);
        harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000))));

        time.Advance(timeout);
        Assert.Equal(0, harness.Registry.EndTimedOutCalls(timeout));
        harness.Registry.MediaTimeoutPaused = true;
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, harness.Registry.EndTimedOutCalls(timeout));

        // Resuming restarts the silence clock: a standby that just took over waits a whole timeout for media.
        harness.Registry.MediaTimeoutPaused = false;
        time.Advance(timeout);
        Assert.Equal(0, harness.Registry.EndTimedOutCalls(timeout));
        Assert.Equal(1, harness.Registry.CallCount);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, harness.Registry.EndTimedOutCalls(timeout));

        Assert.Equal(0, harness.Registry.CallCount);
        Assert.Equal(0, harness.Pool.InUse);
        Assert.Equal(1, harness.Registry.TimedOutCalls);
    }

    [Fact]
    public async Task MediaTimeoutCountsSilenceFromTheLastPacketOrSignalWhicheverIsLater()
    {
        var time = new FakeTimeProvider();
        var timeout = TimeSpan.FromSeconds(30);
        await using var harness = CallHarness.Create(pairs: 8, time: time);
        using var alice = new UdpPeer();
        using var bob = new UdpPeer();
        harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, TestSdp.Audio(alice.EndPoint)));
        var answer = harness.Registry.Answer(new OfferAnswerRequest("c", "a", "b", null, TestSdp.Audio(bob.EndPoint)));

        time.Advance(TimeSpan.FromSeconds(20));
        await alice.SendAsync(RtpPacket.Create(1, 0x11), new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(answer)));
        Assert.NotNull(await bob.ReceiveAsync(Wait));

        // 40 s after the answer but 20 s after the packet: alive.
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, harness.Registry.EndTimedOutCalls(timeout));

        // A re-answer (signalling) 35 s after the packet keeps it alive as well.
        time.Advance(TimeSpan.FromSeconds(15));
        harness.Registry.Answer(new OfferAnswerRequest("c", "a", "b", null, TestSdp.Audio(bob.EndPoint)));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, harness.Registry.EndTimedOutCalls(timeout));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, harness.Registry.EndTimedOutCalls(timeout));
        Assert.Equal(1, harness.Registry.TimedOutCalls);
    }

    [Fact]
    public async Task TheSweeperEndsASilentCallWhenItsClockPassesTheTimeout()
    {
        var time = new FakeTimeProvider();
        await using var harness = CallHarness.Create(pairs: 8, time: time);
        var observer = new RecordingObserver();
        harness.Registry.AddObserver(observer);
        harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000))));
        var sweeper = new MediaTimeoutSweeper(harness.Registry, TimeSpan.FromSeconds(10), time: time);
        Assert.Equal(TimeSpan.FromSeconds(1), sweeper.Interval);
        using var stop = new CancellationTokenSource();
        var sweeping = sweeper.RunAsync(stop.Token);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, harness.Registry.CallCount);

        // The sweeper runs on its own task: one more interval, then wait (boundedly) for it to act.
        time.Advance(sweeper.Interval);
        var deadline = DateTime.UtcNow + Wait;
        while (harness.Registry.CallCount != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweeper did not end the silent call");
            await Task.Delay(10);
        }

        Assert.Contains("deleted c MediaTimeout", observer.Events);
        await stop.CancelAsync();
        await sweeping;
    }

    [Fact]
    public async Task ObserversSeeEverySignallingChangeInOrder()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var observer = new RecordingObserver();
        harness.Registry.AddObserver(observer);

        harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000))));
        harness.Registry.Answer(new OfferAnswerRequest("c", "a", "b", null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 6000))));
        harness.Registry.Delete("c", "a", "b", _ => 0);

        Assert.Equal(["changed c", "changed c", "deleted c Deleted"], observer.Events);
        var answered = observer.Snapshots.Last();
        Assert.Equal(["a", "b"], answered.Legs.Select(l => l.Tag));
        Assert.Equal("127.0.0.1:6000", answered.Legs[1].Medias[0].ExpectedRtp);
        Assert.Equal("127.0.0.1:6001", answered.Legs[1].Medias[0].ExpectedRtcp);
    }

    [Fact]
    public async Task ALearnedEndpointIsReportedToObservers()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        using var alice = new UdpPeer();
        using var bob = new UdpPeer();
        var observer = new RecordingObserver();
        harness.Registry.AddObserver(observer);
        harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, TestSdp.Audio(alice.EndPoint)));
        var answer = harness.Registry.Answer(new OfferAnswerRequest("c", "a", "b", null, TestSdp.Audio(bob.EndPoint)));

        await alice.SendAsync(RtpPacket.Create(1, 0x55), new IPEndPoint(IPAddress.Loopback, TestSdp.PortOf(answer)));

        var deadline = DateTime.UtcNow + Wait;
        while (!observer.Snapshots.Any(s => s.Legs[0].Medias[0].LearnedRtp == alice.EndPoint.ToString()))
        {
            Assert.True(DateTime.UtcNow < deadline, "no snapshot with the learned endpoint was published");
            await Task.Delay(20);
        }

        Assert.Equal(alice.EndPoint.ToString(), harness.Registry.GetSnapshot("c")!.Legs[0].Medias[0].LearnedRtp);
    }

    [Fact]
    public async Task RestoreOnAStandbyBindsTheSamePortsAndRelays()
    {
        await using var active = CallHarness.Create(pairs: 8);
        await using var standby = CallHarness.Create(pairs: 8, address: "127.0.0.2");
        using var alice = new UdpPeer();
        using var bob = new UdpPeer();
        var offer = active.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, TestSdp.Audio(alice.EndPoint)));
        var answer = active.Registry.Answer(new OfferAnswerRequest("c", "a", "b", null, TestSdp.Audio(bob.EndPoint)));
        var snapshot = active.Registry.GetSnapshot("c")!;
        var json = System.Text.Json.JsonSerializer.Serialize(snapshot);
        var portOffset = standby.Pool.MinPort - active.Pool.MinPort;
        var moved = System.Text.Json.JsonSerializer.Deserialize<CallSnapshot>(json)! with
        {
            Legs = snapshot.Legs.Select(l => l with { Medias = l.Medias.Select(m => m with { RtpPort = m.RtpPort + portOffset, RtcpPort = m.RtcpPort + portOffset }).ToArray() }).ToArray(),
        };

        await standby.Registry.RestoreAsync(moved);
        await standby.Registry.RestoreAsync(moved);

        Assert.Equal(2, standby.Pool.InUse);
        Assert.Equal(moved.Legs.SelectMany(l => l.Medias).Select(m => m.RtpPort), standby.Registry.GetSnapshot("c")!.Legs.SelectMany(l => l.Medias).Select(m => m.RtpPort));
        var towardsAlice = new IPEndPoint(IPAddress.Parse("127.0.0.2"), TestSdp.PortOf(answer) + portOffset);
        var packet = RtpPacket.Create(7, 0x11);
        await alice.SendAsync(packet, towardsAlice);
        Assert.Equal(packet, (await bob.ReceiveAsync(Wait))?.Buffer);
        Assert.True(standby.Registry.TryDelete("c"));
        Assert.Equal(0, standby.Pool.InUse);
        Assert.NotEqual(0, TestSdp.PortOf(offer));
    }

    [Fact]
    public async Task RestoreRefusesUnknownVersionsAndPortsItCannotBind()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        harness.Registry.Offer(new OfferAnswerRequest("c", "a", null, null, TestSdp.Audio(new IPEndPoint(IPAddress.Loopback, 5000))));
        var snapshot = harness.Registry.GetSnapshot("c")!;

        await Assert.ThrowsAsync<CallRestoreException>(() => harness.Registry.RestoreAsync(snapshot with { Version = 99 }).AsTask());
        await Assert.ThrowsAsync<CallRestoreException>(() => harness.Registry.RestoreAsync(snapshot with { CallId = "other" }).AsTask());

        Assert.Equal(2, harness.Pool.InUse);
        Assert.Equal(["c"], harness.Registry.ListCallIds(10));
    }

    [Fact]
    public async Task RestoresOfManyCallsOnSeveralThreadsBindExactlyTheirPorts()
    {
        const int Calls = 40;
        await using var harness = CallHarness.Create(pairs: Calls * 2);
        var min = harness.Pool.MinPort;
        var snapshots = Enumerable.Range(0, Calls).Select(i => Restorable($"c{i}", min + (i * 4), min + (i * 4) + 2)).ToArray();
        var threads = new ParallelOptions { MaxDegreeOfParallelism = 4 };

        await Parallel.ForEachAsync(snapshots, threads, (snapshot, token) => harness.Registry.RestoreAsync(snapshot, token));

        Assert.Equal(Calls * 2, harness.Pool.InUse);
        Assert.Equal(Calls * 2, harness.Registry.StreamCount);
        foreach (var snapshot in snapshots)
        {
            Assert.Equal(RtpPorts(snapshot), RtpPorts(harness.Registry.GetSnapshot(snapshot.CallId)!));
        }

        // Restoring every call again, concurrently, keeps the streams it holds instead of binding anything twice.
        await Parallel.ForEachAsync(snapshots, threads, (snapshot, token) => harness.Registry.RestoreAsync(snapshot, token));
        Assert.Equal(Calls * 2, harness.Pool.InUse);
        Assert.Equal(Calls, harness.Registry.CallCount);
    }

    [Fact]
    public async Task ARestoreThatCannotBindANewPortDropsTheCallAndEveryPortItHeld()
    {
        await using var harness = CallHarness.Create(pairs: 8);
        var min = harness.Pool.MinPort;
        await harness.Registry.RestoreAsync(Restorable("c", min, min + 2));
        using var squatter = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, min + 4));

        // The first party keeps its port; the second moves to one another process holds.
        var failure = await Assert.ThrowsAsync<CallRestoreException>(() => harness.Registry.RestoreAsync(Restorable("c", min, min + 4)).AsTask());

        Assert.Contains($"port {min + 4}", failure.Message, StringComparison.Ordinal);
        Assert.Null(harness.Registry.GetSnapshot("c"));
        Assert.Equal(0, harness.Pool.InUse);
        Assert.Equal(0, harness.Registry.StreamCount);
        Assert.True(harness.Pool.TryAllocateExact(min, rtcpMux: false, freeBind: true, out var again), "the kept port must be free again");
        again.Dispose();
    }

    private static CallSnapshot Restorable(string callId, int callerPort, int calleePort) => new(
        CallSnapshot.CurrentVersion,
        callId,
        1_700_000_000,
        1_700_000_000,
        "caller",
        RtcpMuxFlags.None,
        [
            new LegSnapshot("caller", null, null, 1_700_000_000, [RestorableMedia(callerPort, "127.0.0.1:5000")]),
            new LegSnapshot("callee", null, null, 1_700_000_000, [RestorableMedia(calleePort, "127.0.0.1:6000")]),
        ]);

    private static MediaSnapshot RestorableMedia(int rtpPort, string remote) =>
        new(1, "audio", "RTP/AVP", rtpPort, rtpPort + 1, false, false, remote, null, null, null, Relay.EndpointLearning.Strict);

    private static int[] RtpPorts(CallSnapshot snapshot) => [.. snapshot.Legs.SelectMany(leg => leg.Medias).Select(media => media.RtpPort)];
}
