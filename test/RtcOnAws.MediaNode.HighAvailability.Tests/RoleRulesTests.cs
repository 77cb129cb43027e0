using RtcOnAws.MediaNode.HighAvailability.Roles;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class RoleRulesTests
{
    public static TheoryData<NodeRole, LeaseOutcome, bool, bool, NodeRole, bool, NodeRole, string> Cases => new()
    {
        // role,           last lease,               valid, silent, peer role,        vouch, next,             reason
        { NodeRole.Standby, LeaseOutcome.Held,         true,  true,  NodeRole.Active,  false, NodeRole.Active,  RoleRules.PeerSilentLeaseAcquired },
        { NodeRole.Standby, LeaseOutcome.Held,         true,  false, NodeRole.Standby, false, NodeRole.Active,  RoleRules.LeaseAcquired },
        { NodeRole.Standby, LeaseOutcome.HeldByOther,  false, true,  NodeRole.Active,  false, NodeRole.Standby, "" },
        { NodeRole.Standby, LeaseOutcome.Unreachable,  false, true,  NodeRole.Active,  false, NodeRole.Standby, "" },
        { NodeRole.Standby, LeaseOutcome.Held,         false, true,  NodeRole.Active,  false, NodeRole.Standby, "" },
        { NodeRole.Active,  LeaseOutcome.Held,         true,  true,  NodeRole.Standby, false, NodeRole.Active,  "" },
        { NodeRole.Active,  LeaseOutcome.Unreachable,  true,  true,  NodeRole.Standby, false, NodeRole.Active,  "" },
        { NodeRole.Active,  LeaseOutcome.Unreachable,  false, false, NodeRole.Standby, true,  NodeRole.Active,  "" },
        { NodeRole.Active,  LeaseOutcome.Unreachable,  false, true,  NodeRole.Standby, false, NodeRole.Fenced,  RoleRules.LeaseUnconfirmed },
        { NodeRole.Active,  LeaseOutcome.Unreachable,  false, false, NodeRole.Active,  false, NodeRole.Fenced,  RoleRules.LeaseUnconfirmed },
        { NodeRole.Active,  LeaseOutcome.HeldByOther,  true,  false, NodeRole.Active,  false, NodeRole.Standby, RoleRules.LeaseTaken },
        { NodeRole.Fenced,  LeaseOutcome.HeldByOther,  false, false, NodeRole.Active,  false, NodeRole.Standby, RoleRules.LeaseTaken },
        { NodeRole.Fenced,  LeaseOutcome.Held,         true,  true,  NodeRole.Standby, false, NodeRole.Active,  RoleRules.LeaseRenewed },
        { NodeRole.Fenced,  LeaseOutcome.Unreachable,  false, false, NodeRole.Standby, true,  NodeRole.Active,  RoleRules.PeerConfirmsStandby },
        { NodeRole.Fenced,  LeaseOutcome.Unreachable,  false, true,  NodeRole.Standby, false, NodeRole.Fenced,  "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(NodeRole role, LeaseOutcome lease, bool valid, bool silent, NodeRole peerRole, bool vouch, NodeRole next, string reason)
    {
        var decision = RoleRules.Decide(new RoleObservation(role, lease, valid, silent, peerRole, vouch));

        Assert.Equal(new RoleDecision(next, reason), decision);
    }

    [Theory]
    [InlineData(NodeRole.Standby, true, NodeRole.Active, true)]
    [InlineData(NodeRole.Standby, false, NodeRole.Active, false)]
    [InlineData(NodeRole.Standby, false, NodeRole.Standby, true)]
    [InlineData(NodeRole.Standby, false, NodeRole.Fenced, true)]
    [InlineData(NodeRole.Fenced, false, NodeRole.Active, true)]
    public void A_standby_contends_for_the_lease_only_when_the_peer_is_silent_or_not_active(NodeRole role, bool silent, NodeRole peerRole, bool expected)
    {
        Assert.Equal(expected, RoleRules.ShouldTryAcquire(new RoleObservation(role, LeaseOutcome.Unreachable, false, silent, peerRole, false)));
    }

    [Fact]
    public void Default_timers_are_consistent()
    {
        var options = RoleOptions.Default.Validate();

        Assert.True(options.HeartbeatTimeout >= HeartbeatOptions.DefaultInterval * 2.5, "two heartbeats may be lost before the peer counts as silent");
        Assert.True(options.LeaseTtl > options.FenceMargin + (2 * options.RenewInterval));
        Assert.Throws<ArgumentException>(() => (options with { RenewInterval = options.LeaseTtl }).Validate());
        Assert.Throws<ArgumentException>(() => (options with { FenceMargin = options.LeaseTtl }).Validate());
    }
}
