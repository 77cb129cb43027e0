using RtcOnAws.Failover;
using Xunit;

namespace RtcOnAws.Failover.Tests;

public sealed class FailoverPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly FailoverPolicy Policy = new(TimeSpan.FromMinutes(2));

    private static PairNode Node(string id, string subnet = "subnet-a", bool running = true, bool healthy = true) =>
        new(id, subnet, subnet == "subnet-a" ? "us-east-1a" : "us-east-1b", running, healthy);

    private static PairSnapshot Pair(PairNode a, PairNode b, string? owner = "i-a", DateTimeOffset? lastMove = null) =>
        new("sbc-1", [a, b], owner, lastMove);

    private static FailoverTrigger Failed(string? node) => new(TriggerKind.NodeFailed, node, "alarm sbc-1-health");

    /// <summary>One row: the pair as observed, the trigger, and the decision the policy must reach.</summary>
    public sealed record Case(string Name, PairSnapshot Pair, FailoverTrigger Trigger, FailoverReason Reason, string? To, MoveScope? Scope)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new("owner failed, healthy peer in same subnet",
            Pair(Node("i-a", healthy: false), Node("i-b")), Failed("i-a"), FailoverReason.OwnerFailed, "i-b", MoveScope.SameSubnet),
        new("owner failed, healthy peer in another AZ",
            Pair(Node("i-a", healthy: false), Node("i-b", "subnet-b")), Failed("i-a"), FailoverReason.OwnerFailed, "i-b", MoveScope.CrossSubnet),
        new("owner stopped (not running), peer healthy",
            Pair(Node("i-a", running: false), Node("i-b")), Failed("i-a"), FailoverReason.OwnerFailed, "i-b", MoveScope.SameSubnet),
        new("failure reported for the node listed second, which owns the address",
            Pair(Node("i-a"), Node("i-b", healthy: false), owner: "i-b"), Failed("i-b"), FailoverReason.OwnerFailed, "i-a", MoveScope.SameSubnet),
        new("standby failed: it does not own the address",
            Pair(Node("i-a"), Node("i-b", healthy: false)), Failed("i-b"), FailoverReason.NotOwner, null, null),
        new("duplicate event after the move: the failed node no longer owns the address",
            Pair(Node("i-a", healthy: false), Node("i-b"), owner: "i-b", lastMove: Now.AddSeconds(-5)), Failed("i-a"), FailoverReason.NotOwner, null, null),
        new("both unhealthy: peer running but failing checks",
            Pair(Node("i-a", healthy: false), Node("i-b", healthy: false)), Failed("i-a"), FailoverReason.BothUnhealthy, null, null),
        new("both unhealthy: peer stopped",
            Pair(Node("i-a", healthy: false), Node("i-b", running: false)), Failed("i-a"), FailoverReason.BothUnhealthy, null, null),
        new("event says owner failed although it looks healthy, peer stopped",
            Pair(Node("i-a"), Node("i-b", running: false, healthy: false)), Failed("i-a"), FailoverReason.BothUnhealthy, null, null),
        new("moved 30 s ago, inside the 2 min window",
            Pair(Node("i-a", healthy: false), Node("i-b"), lastMove: Now.AddSeconds(-30)), Failed("i-a"), FailoverReason.AntiFlapWindow, null, null),
        new("moved exactly one window ago: allowed again",
            Pair(Node("i-a", healthy: false), Node("i-b"), lastMove: Now.AddMinutes(-2)), Failed("i-a"), FailoverReason.OwnerFailed, "i-b", MoveScope.SameSubnet),
        new("moved long ago",
            Pair(Node("i-a", healthy: false), Node("i-b"), lastMove: Now.AddHours(-3)), Failed("i-a"), FailoverReason.OwnerFailed, "i-b", MoveScope.SameSubnet),
        new("recovery of the owner never moves anything",
            Pair(Node("i-a"), Node("i-b")), new(TriggerKind.NodeRecovered, "i-a", "alarm OK"), FailoverReason.RecoveryIgnored, null, null),
        new("recovery of the old owner after failover does not fail back",
            Pair(Node("i-a"), Node("i-b"), owner: "i-b"), new(TriggerKind.NodeRecovered, "i-a", "alarm OK"), FailoverReason.RecoveryIgnored, null, null),
        new("manual move without a node targets the owner",
            Pair(Node("i-a"), Node("i-b", "subnet-b")), new(TriggerKind.Manual, null, "maintenance"), FailoverReason.ManualMove, "i-b", MoveScope.CrossSubnet),
        new("manual move into an unhealthy peer is refused",
            Pair(Node("i-a"), Node("i-b", healthy: false)), new(TriggerKind.Manual, null, "maintenance"), FailoverReason.BothUnhealthy, null, null),
        new("manual move respects the anti-flap window",
            Pair(Node("i-a"), Node("i-b"), lastMove: Now.AddSeconds(-10)), new(TriggerKind.Manual, null, "maintenance"), FailoverReason.AntiFlapWindow, null, null),
        new("manual move when nobody holds the address",
            Pair(Node("i-a"), Node("i-b"), owner: null), new(TriggerKind.Manual, null, "maintenance"), FailoverReason.NotOwner, null, null),
        new("failure while nobody holds the address: the survivor claims it",
            Pair(Node("i-a", healthy: false), Node("i-b"), owner: null), Failed("i-a"), FailoverReason.ClaimUnowned, "i-b", MoveScope.SameSubnet),
        new("failure of a node outside the pair",
            Pair(Node("i-a"), Node("i-b")), Failed("i-zzz"), FailoverReason.UnknownNode, null, null),
        new("failure event without a node",
            Pair(Node("i-a"), Node("i-b")), Failed(null), FailoverReason.UnknownNode, null, null),
        new("address held by a node outside the pair",
            Pair(Node("i-a", healthy: false), Node("i-b"), owner: "i-other"), Failed("i-a"), FailoverReason.UnknownNode, null, null),
        new("pair of one node",
            new PairSnapshot("sbc-1", [Node("i-a", healthy: false)], "i-a", null), Failed("i-a"), FailoverReason.InvalidPair, null, null),
        new("pair listing the same node twice",
            new PairSnapshot("sbc-1", [Node("i-a", healthy: false), Node("i-a")], "i-a", null), Failed("i-a"), FailoverReason.InvalidPair, null, null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_per_table(Case row)
    {
        var decision = Policy.Decide(row.Pair, row.Trigger, Now);

        Assert.Equal(row.Reason, decision.Reason);
        Assert.Equal(row.To, decision.ToNodeId);
        Assert.Equal(row.Scope, decision.Scope);
        Assert.Equal(row.To is not null, decision.ShouldMove);
        Assert.False(string.IsNullOrWhiteSpace(decision.Message));
    }

    [Fact]
    public void Move_reports_the_previous_owner_and_both_zones()
    {
        var decision = Policy.Decide(Pair(Node("i-a", healthy: false), Node("i-b", "subnet-b")), Failed("i-a"), Now);

        Assert.Equal("i-a", decision.FromNodeId);
        Assert.Contains("us-east-1a", decision.Message, StringComparison.Ordinal);
        Assert.Contains("us-east-1b", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_unhealthy_says_why_for_each_node()
    {
        var decision = Policy.Decide(Pair(Node("i-a", healthy: false), Node("i-b", running: false)), Failed("i-a"), Now);

        Assert.Contains("i-a is reported failed", decision.Message, StringComparison.Ordinal);
        Assert.Contains("i-b is not running", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anti_flap_message_says_when_the_next_move_is_allowed()
    {
        var decision = Policy.Decide(Pair(Node("i-a", healthy: false), Node("i-b"), lastMove: Now.AddSeconds(-30)), Failed("i-a"), Now);

        Assert.Contains("next move allowed in 90s", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_window_allows_back_to_back_moves()
    {
        var policy = new FailoverPolicy(TimeSpan.Zero);

        var decision = policy.Decide(Pair(Node("i-a", healthy: false), Node("i-b"), lastMove: Now), Failed("i-a"), Now);

        Assert.True(decision.ShouldMove);
    }

    [Fact]
    public void Negative_window_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailoverPolicy(TimeSpan.FromSeconds(-1)));
    }
}
