using RtcOnAws.MediaNode.Drill.Sbc;

namespace RtcOnAws.MediaNode.Drill.Tests;

/// <summary>
/// Chaos cases of the SBC pair (issue 10 item 5), each with its own pair in network namespaces (needs root, as CI
/// runs): SIPp calls through the rendered Kamailio and media-node on node A, then node A's Kamailio and media-node die
/// by SIGKILL (or the DMQ link is cut) and node B must carry the calls on. Every wait is bounded; nothing asserts a
/// duration.
/// </summary>
[Collection(SbcCollection.Name)]
public sealed class SbcChaosTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task When_the_active_dies_between_invite_and_200_node_b_anchors_the_answer_and_keeps_the_call_past_the_early_timeout()
    {
        // Node B's copy of the dialog stays early (DMQ replicated it before the answer, and nothing confirms a replicated
        // dialog): Kamailio destroys it once early_timeout (5 s here) has passed, at its next sweep of stale dialogs, which
        // runs every 90 s and cannot be configured in 5.6. The caller holds past that sweep before its re-INVITE.
        await using var pair = await SbcFixture.StartAsync("late-answer", earlyDialogTimeout: TimeSpan.FromSeconds(5));
        var callee = pair.StartCallee("callee-late.xml", ["-key", "answer_delay", "3000"]);
        var caller = pair.StartCaller("caller.xml", SbcFixture.CallerArguments(1, TimeSpan.FromSeconds(110)));
        Assert.True(await callee.WaitForAsync("offered", 1, SbcFixture.Patience, None), "the INVITE reached the callee through node A");
        // The case is node A dying after its offer replicated (Redis for media, DMQ for the dialog, both asynchronous):
        // what A had not sent yet when it died is lost whatever node B does (docs/sbc-drill.md).
        Assert.True(await WaitForAsync(async () => await pair.B.Probe.SampleAsync("medianode_ha_mirrored_calls", None) == 1), "node B mirrors the offered call");
        Assert.True(await WaitForAsync(async () => await pair.DialogsAsync(pair.B, None) == 1), "node B holds the replicated early dialog");

        await pair.KillNodeAsync(pair.A, None);
        await pair.WaitForRoleAsync(pair.B, "active", None);
        Assert.True(await caller.WaitForAsync("answered", 1, SbcFixture.Patience, None), "node B relayed the answer");
        var answered = Assert.Single(caller.Ports("answered")).Value;
        Assert.InRange(answered, pair.Settings.PortMin, pair.Settings.PortMax);

        Assert.True(await WaitForAsync(async () => await pair.DialogsAsync(pair.B, None) == 0, TimeSpan.FromSeconds(100)), "node B's early copy of the dialog expired");
        Assert.Equal(0, caller.Count("reinvited"));

        // The call outlives its dialog copy: node B relays the re-INVITE (media-node answers it) and the BYE, which deletes the call.
        Assert.True(await caller.WaitForExitAsync(SbcFixture.Patience), "the caller finished");
        Assert.Equal(1, caller.Count("reinvited"));
        Assert.Equal(1, caller.Count("bye"));
        Assert.Equal(0, caller.Statistic("FailedCall(C)"));
        Assert.Equal(0, await pair.B.Probe.SampleAsync("medianode_calls", None));
        await AssertNothingLeftAsync(pair);
    }

    [Fact]
    public async Task A_call_answered_on_node_b_after_the_takeover_is_ended_by_node_b_at_the_dialog_lifetime()
    {
        // 60 s is the shortest dialog lifetime the renderer accepts; node B ends the call it tracks itself (its copy of the
        // dialog is early, see above) when that lifetime has passed since the answer, within the htable's 20 s expiry sweep.
        await using var pair = await SbcFixture.StartAsync("late-answer-lifetime", TimeSpan.FromSeconds(60));
        var callee = pair.StartCallee("callee-late-ended.xml", ["-key", "answer_delay", "3000"]);
        var caller = pair.StartCaller("caller-ended.xml", ["-m", "1", "-l", "1", "-r", "1", "-timeout", "300", "-timeout_error"]);
        Assert.True(await callee.WaitForAsync("offered", 1, SbcFixture.Patience, None), "the INVITE reached the callee through node A");
        Assert.True(await WaitForAsync(async () => await pair.B.Probe.SampleAsync("medianode_ha_mirrored_calls", None) == 1), "node B mirrors the offered call");
        Assert.True(await WaitForAsync(async () => await pair.DialogsAsync(pair.B, None) == 1), "node B holds the replicated early dialog");

        await pair.KillNodeAsync(pair.A, None);
        await pair.WaitForRoleAsync(pair.B, "active", None);
        Assert.True(await caller.WaitForAsync("answered", 1, SbcFixture.Patience, None), "node B relayed the answer");

        Assert.True(await caller.WaitForExitAsync(TimeSpan.FromSeconds(150)), "the caller got node B's BYE and finished");
        Assert.Equal(1, caller.Count("ended"));
        Assert.Equal(0, caller.Statistic("FailedCall(C)"));
        Assert.True(await WaitForAsync(() => Task.FromResult(callee.Count("ended") == 1)), "the callee got node B's BYE too");
        await AssertNothingLeftAsync(pair);
    }

    [Fact]
    public async Task A_bye_after_the_failover_removes_the_call_from_node_b_and_from_redis()
    {
        const int calls = 2;
        await using var pair = await SbcFixture.StartAsync("bye");
        pair.StartCallee("callee.xml");
        var caller = pair.StartCaller("caller.xml", SbcFixture.CallerArguments(calls, TimeSpan.FromSeconds(8)));
        Assert.True(await caller.WaitForAsync("answered", calls, SbcFixture.Patience, None), "every call answered through node A");
        Assert.True(await WaitForAsync(async () => await pair.B.Probe.SampleAsync("medianode_ha_mirrored_calls", None) == calls), "node B mirrors the calls");
        Assert.True(await pair.BoundMediaPortsAsync(pair.B, None) > 0, "node B holds the calls' ports before the failover");
        Assert.Equal(calls, await pair.CallKeysAsync(None));

        await pair.KillNodeAsync(pair.A, None);

        Assert.True(await caller.WaitForExitAsync(SbcFixture.Patience), "the caller finished");
        Assert.Equal(calls, caller.Count("bye"));
        Assert.Equal(0, caller.Statistic("FailedCall(C)"));
        Assert.Equal(0, await pair.B.Probe.SampleAsync("medianode_calls", None));
        await AssertNothingLeftAsync(pair);
    }

    [Fact]
    public async Task A_restarted_node_a_rejoins_as_standby_without_taking_the_address_or_disturbing_dialogs()
    {
        const int calls = 2;
        await using var pair = await SbcFixture.StartAsync("rejoin");
        pair.StartCallee("callee.xml");
        var caller = pair.StartCaller("caller.xml", SbcFixture.CallerArguments(calls, TimeSpan.FromSeconds(15)));
        Assert.True(await caller.WaitForAsync("answered", calls, SbcFixture.Patience, None), "every call answered through node A");
        await pair.KillNodeAsync(pair.A, None);
        await pair.WaitForRoleAsync(pair.B, "active", None);

        await pair.StartNodeAsync(pair.A, "standby", None);
        // SIGKILL left the address on node A's interface (on AWS the EC2 move takes it away); a starting node releases it.
        Assert.True(await WaitForAsync(async () => !await pair.HoldsFloatingAddressAsync(pair.A, None)), "the restarted node does not hold the address");
        Assert.True(await pair.HoldsFloatingAddressAsync(pair.B, None));

        Assert.True(await caller.WaitForExitAsync(SbcFixture.Patience), "the caller finished");
        Assert.Equal(calls, caller.Count("reinvited"));
        Assert.Equal(calls, caller.Count("bye"));
        Assert.Equal(0, caller.Statistic("FailedCall(C)"));
        Assert.Equal("standby", await pair.A.Probe.RoleAsync(None));
        Assert.False(await pair.HoldsFloatingAddressAsync(pair.A, None));
        await AssertNothingLeftAsync(pair);
    }

    [Fact]
    public async Task Cutting_only_the_dmq_link_while_calls_start_loses_no_dialog_once_it_heals()
    {
        const int calls = 2;
        await using var pair = await SbcFixture.StartAsync("dmq-cut");
        pair.StartCallee("callee.xml");
        await pair.CutDmqAsync(None);
        var caller = pair.StartCaller("caller.xml", SbcFixture.CallerArguments(calls, TimeSpan.FromSeconds(12)));
        Assert.True(await caller.WaitForAsync("answered", calls, SbcFixture.Patience, None), "every call answered through node A while DMQ is cut");
        await pair.HealDmqAsync(None);

        // Kamailio retransmits the DMQ requests the cut dropped until its transaction timer (fr_timer, 5 s) runs out; node
        // A must live that long for the retransmissions to reach node B.
        await Task.Delay(TimeSpan.FromSeconds(6));
        await pair.KillNodeAsync(pair.A, None);

        // Node B relays in-dialog requests only for dialogs it knows (is_known_dlg): each re-INVITE and BYE proves one.
        Assert.True(await caller.WaitForExitAsync(SbcFixture.Patience), "the caller finished");
        Assert.Equal(calls, caller.Count("reinvited"));
        Assert.Equal(calls, caller.Count("bye"));
        Assert.Equal(0, caller.Statistic("FailedCall(C)"));
        await AssertNothingLeftAsync(pair);
    }

    [Fact]
    public async Task A_call_whose_dialog_expires_after_the_failover_is_ended_by_node_b()
    {
        // 60 s is the shortest dialog lifetime the renderer accepts.
        await using var pair = await SbcFixture.StartAsync("dialog-timeout", TimeSpan.FromSeconds(60));
        var callee = pair.StartCallee("setup-callee.xml");
        var caller = pair.StartCaller("caller-ended.xml", ["-m", "1", "-l", "1", "-r", "1", "-timeout", "300", "-timeout_error"]);
        Assert.True(await caller.WaitForAsync("answered", 1, SbcFixture.Patience, None), "the call was answered through node A");
        await pair.KillNodeAsync(pair.A, None);
        await pair.WaitForRoleAsync(pair.B, "active", None);

        Assert.True(await caller.WaitForExitAsync(TimeSpan.FromSeconds(120)), "the caller got its BYE and finished");
        Assert.Equal(1, caller.Count("ended"));
        Assert.Equal(0, caller.Statistic("FailedCall(C)"));
        Assert.True(await WaitForAsync(() => Task.FromResult(callee.Statistic("SuccessfulCall(C)") == 1)), "the callee got its BYE too");
        await AssertNothingLeftAsync(pair);
    }

    private static async Task AssertNothingLeftAsync(SbcEnvironment pair)
    {
        Assert.True(await WaitForAsync(async () => await pair.BoundMediaPortsAsync(pair.B, None) == 0), "node B freed every media port");
        Assert.True(await WaitForAsync(async () => await pair.CallKeysAsync(None) == 0), "no call key is left in Redis");
    }

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan? patience = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > (patience ?? SbcFixture.Patience))
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
