using RtcOnAws.MediaNode.Drill;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>
/// Chaos cases against real media-node processes in network namespaces (needs root, as CI runs). Each starts its own
/// pair: Redis, node A (active, holding the floating address), node B (standby), five calls with two-way RTP.
/// </summary>
[Collection(NamespaceCollection.Name)]
public sealed class ChaosTests
{
    private const int Calls = 5;

    // Samples of an invariant that must hold for a while; paced at 50 ms, so they span at least 3 s (several leases).
    private const int Samples = 60;
    private static readonly TimeSpan StreamLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_frozen_active_does_not_forward_again_after_the_standby_took_over()
    {
        await using var pair = await PairFixture.StartWithCallsAsync("sigstop", Calls, CancellationToken.None);
        pair.StartStreaming(StreamLimit);
        await pair.MediaFlowsBothWaysAsync("media flows through node A");

        Assert.True(pair.NodeA!.Signal(ProcessSignals.Stop));
        await pair.WaitForRoleAsync(pair.ProbeB, pair.NodeB!, "active", CancellationToken.None);

        // Packets queued in the frozen node's sockets until the address moved; node B relays now.
        await pair.MediaFlowsBothWaysAsync("media flows through node B while node A is frozen");
        var outOfOrderBefore = pair.Caller!.OutOfOrder.Sum() + pair.Callee!.OutOfOrder.Sum();
        Assert.True(pair.NodeA.Signal(ProcessSignals.Continue));
        await pair.WaitForRoleAsync(pair.ProbeA, pair.NodeA, "standby", CancellationToken.None);
        await pair.MediaFlowsBothWaysAsync("media still flows through node B after node A woke up");
        var report = await pair.StopStreamingAsync(-1);

        Assert.Equal(outOfOrderBefore, pair.Caller.OutOfOrder.Sum() + pair.Callee.OutOfOrder.Sum());
        Assert.True(await pair.ProbeA.SampleAsync("medianode_packets_dropped_total{reason=\"fenced\"}", CancellationToken.None) > 0, "the woken node dropped what it had queued");
        Assert.Equal(0, await pair.ProbeA.SampleAsync("medianode_forwarding_enabled", CancellationToken.None));
        Assert.False(await pair.Network.HasFloatingAddressAsync(pair.Network.NodeA, CancellationToken.None), "the demoted node released the floating address");
        Assert.True(await pair.Network.HasFloatingAddressAsync(pair.Network.NodeB, CancellationToken.None));
        Assert.Equal(Calls, report.CallsKept);
        Assert.True(await pair.ProbeA.SampleAsync("medianode_ha_transitions_total{from=\"fenced\",to=\"standby\",reason=\"lease_taken\"}", CancellationToken.None) >= 1
            || await pair.ProbeA.SampleAsync("medianode_ha_transitions_total{from=\"active\",to=\"standby\",reason=\"lease_taken\"}", CancellationToken.None) >= 1);
    }

    [Fact]
    public async Task Restarting_redis_during_calls_loses_no_call_and_the_standby_resyncs()
    {
        await using var pair = await PairFixture.StartWithCallsAsync("redis-restart", Calls, CancellationToken.None);
        pair.StartStreaming(StreamLimit);
        await pair.MediaFlowsBothWaysAsync("media flows through node A");
        var resyncs = await pair.ProbeB.SampleAsync("medianode_ha_mirror_resyncs_total", CancellationToken.None);

        await pair.RestartRedisAsync(CancellationToken.None);

        Assert.True(await DrillEnvironment.WaitForSampleAsync(pair.ProbeB, "medianode_ha_mirror_resyncs_total", v => v > resyncs, Eventually.DefaultTimeout, CancellationToken.None), "node B rescans after the reconnect");
        Assert.True(await DrillEnvironment.WaitForSampleAsync(pair.ProbeA, "medianode_ha_redis_reconnects_total", v => v >= 1, Eventually.DefaultTimeout, CancellationToken.None), "node A saw the reconnect");
        Assert.True(await DrillEnvironment.WaitForSampleAsync(pair.ProbeB, "medianode_ha_mirrored_calls", v => v == Calls, Eventually.DefaultTimeout, CancellationToken.None), "node B still mirrors every call");

        // The proof that the standby's state is complete: kill the active now.
        pair.NodeA!.Signal(ProcessSignals.Kill);
        await pair.WaitForRoleAsync(pair.ProbeB, pair.NodeB!, "active", CancellationToken.None);
        await pair.MediaFlowsBothWaysAsync("media flows through node B");
        var report = await pair.StopStreamingAsync(-1);

        Assert.Equal(Calls, report.CallsKept);
        Assert.Equal(Calls, await pair.ProbeB.SampleAsync("medianode_calls", CancellationToken.None));
    }

    [Fact]
    public async Task Without_redis_the_active_keeps_serving_while_its_standby_peer_vouches_for_it()
    {
        await using var pair = await PairFixture.StartWithCallsAsync("redis-down", Calls, CancellationToken.None);
        pair.StartStreaming(StreamLimit);
        await pair.MediaFlowsBothWaysAsync("media flows through node A");

        await pair.StopRedisAsync();

        // A fixed number of samples at least 50 ms apart: longer than several lease lifetimes however slow the probes.
        for (var sample = 0; sample < Samples; sample++)
        {
            var roleA = await pair.ProbeA.RoleAsync(CancellationToken.None);
            var roleB = await pair.ProbeB.RoleAsync(CancellationToken.None);
            Assert.True(roleA == "active", $"node A is {roleA} while Redis is down but its peer is fine");
            Assert.Equal("standby", roleB);
            await Task.Delay(50);
        }

        Assert.True(await pair.ProbeA.SampleAsync("medianode_ha_lease_renewal_failures_total", CancellationToken.None) > 0, "renewals failed meanwhile");
        await pair.RestartRedisAsync(CancellationToken.None);
        await pair.MediaFlowsBothWaysAsync("media still flows through node A");
        var report = await pair.StopStreamingAsync(-1);

        Assert.Equal(Calls, report.CallsKept);
    }

    [Fact]
    public async Task Cutting_only_the_peer_link_never_makes_two_forwarders()
    {
        await using var pair = await PairFixture.StartWithCallsAsync("peer-link", Calls, CancellationToken.None);
        pair.StartStreaming(StreamLimit);
        await pair.MediaFlowsBothWaysAsync("media flows through node A");

        await pair.Network.CutPeerLinkAsync(CancellationToken.None);
        for (var sample = 0; sample < Samples; sample++)
        {
            var forwardingA = await pair.ProbeA.SampleAsync("medianode_forwarding_enabled", CancellationToken.None);
            var forwardingB = await pair.ProbeB.SampleAsync("medianode_forwarding_enabled", CancellationToken.None);
            Assert.False(forwardingA == 1 && forwardingB == 1, "both nodes forward");
            Assert.Equal(0, forwardingB);
            await Task.Delay(50);
        }

        Assert.True(await pair.ProbeB.SampleAsync("medianode_ha_role{role=\"standby\"}", CancellationToken.None) == 1, "the standby stays standby: the active still holds the lease");
        Assert.True(await pair.ProbeA.SampleAsync("medianode_ha_role{role=\"active\"}", CancellationToken.None) == 1);
        await pair.Network.RestorePeerLinkAsync(CancellationToken.None);
        await pair.MediaFlowsBothWaysAsync("media still flows through node A");
        var report = await pair.StopStreamingAsync(-1);

        Assert.Equal(Calls, report.CallsKept);
    }

    [Fact]
    public async Task A_call_deleted_on_the_active_frees_its_ports_on_the_standby()
    {
        await using var pair = await PairFixture.StartWithCallsAsync("delete", Calls, CancellationToken.None);
        var (callerSide, calleeSide) = pair.CallPorts[2];
        Assert.False(pair.IsPortFreeOn(pair.Network.NodeB, callerSide), "the standby holds the call's port before the delete");
        Assert.Equal(await pair.ProbeA.SampleAsync("medianode_port_pairs_in_use", CancellationToken.None), await pair.ProbeB.SampleAsync("medianode_port_pairs_in_use", CancellationToken.None));

        pair.DeleteCall(2, DrillAddresses.NodeA);

        Assert.True(await DrillEnvironment.WaitForSampleAsync(pair.ProbeB, "medianode_ha_mirrored_calls", v => v == Calls - 1, Eventually.DefaultTimeout, CancellationToken.None), "the standby dropped the call");
        await Eventually.True(() => pair.IsPortFreeOn(pair.Network.NodeB, callerSide) && pair.IsPortFreeOn(pair.Network.NodeB, calleeSide), "the deleted call's ports are free on the standby");
        Assert.False(pair.IsPortFreeOn(pair.Network.NodeB, pair.CallPorts[3].CallerSide), "other calls keep their ports");
        Assert.Equal(await pair.ProbeA.SampleAsync("medianode_port_pairs_in_use", CancellationToken.None), await pair.ProbeB.SampleAsync("medianode_port_pairs_in_use", CancellationToken.None));
    }
}
