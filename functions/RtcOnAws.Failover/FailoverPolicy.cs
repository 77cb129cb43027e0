namespace RtcOnAws.Failover;

/// <summary>
/// Decides whether a pair's floating address moves. Pure: no clock, no I/O, so the Lambda functions and the
/// media-node agent reach the same decision from the same observations, and every rule is table-tested.
/// </summary>
/// <remarks>
/// Rules, in order: the pair must be two distinct nodes; the reported node must belong to it; a recovery never
/// fails back; only a failure of the owner moves the address (so a repeated event is a no-op once the address
/// has moved); the receiving node must be running and healthy; no second move inside the anti-flap window.
/// </remarks>
public sealed class FailoverPolicy
{
    /// <summary>Default minimum time between two moves of the same pair's address.</summary>
    public static readonly TimeSpan DefaultAntiFlapWindow = TimeSpan.FromMinutes(2);

    /// <summary>Creates a policy.</summary>
    /// <param name="antiFlapWindow">Minimum time between two moves; zero disables the check.</param>
    public FailoverPolicy(TimeSpan antiFlapWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(antiFlapWindow, TimeSpan.Zero);
        AntiFlapWindow = antiFlapWindow;
    }

    /// <summary>Minimum time between two moves of the same pair's address.</summary>
    public TimeSpan AntiFlapWindow { get; }

    /// <summary>Decides what to do about <paramref name="trigger"/> given the pair as observed at <paramref name="now"/>.</summary>
    public FailoverDecision Decide(PairSnapshot pair, FailoverTrigger trigger, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(trigger);
        var owner = pair.OwnerNodeId;

        if (pair.Nodes.Count != 2 || pair.Nodes[0].NodeId == pair.Nodes[1].NodeId)
        {
            var ids = string.Join(", ", pair.Nodes.Select(n => n.NodeId));
            return FailoverDecision.Stay(FailoverReason.InvalidPair, owner,
                $"pair {pair.PairName} must have exactly two distinct nodes, found [{ids}]");
        }

        if (owner is not null && FindNode(pair, owner) is null)
        {
            return FailoverDecision.Stay(FailoverReason.UnknownNode, owner,
                $"the floating address of pair {pair.PairName} is held by {owner}, which is not a member of the pair");
        }

        var reportedId = trigger.Kind == TriggerKind.Manual ? trigger.ReportedNodeId ?? owner : trigger.ReportedNodeId;
        if (reportedId is null)
        {
            return trigger.Kind == TriggerKind.Manual
                ? FailoverDecision.Stay(FailoverReason.NotOwner, owner, $"nobody holds the floating address of pair {pair.PairName}, so there is nothing to move")
                : FailoverDecision.Stay(FailoverReason.UnknownNode, owner, $"the event names no node of pair {pair.PairName}");
        }

        var reported = FindNode(pair, reportedId);
        if (reported is null)
        {
            return FailoverDecision.Stay(FailoverReason.UnknownNode, owner,
                $"{reportedId} is not a member of pair {pair.PairName}");
        }

        if (trigger.Kind == TriggerKind.NodeRecovered)
        {
            return FailoverDecision.Stay(FailoverReason.RecoveryIgnored, owner,
                $"{reportedId} recovered; the address stays on {owner ?? "nobody"} (no automatic failback)");
        }

        var peer = pair.Nodes[0].NodeId == reportedId ? pair.Nodes[1] : pair.Nodes[0];
        if (owner is not null && owner != reportedId)
        {
            return FailoverDecision.Stay(FailoverReason.NotOwner, owner,
                $"{reportedId} does not hold the floating address of pair {pair.PairName}; {owner} does, nothing to move");
        }

        if (!peer.CanServe)
        {
            return FailoverDecision.Stay(FailoverReason.BothUnhealthy, owner,
                $"both nodes of pair {pair.PairName} are unhealthy: {reportedId} is reported failed ({trigger.Reason}) and {peer.Describe()}; the address stays where it is");
        }

        if (pair.LastMoveAt is { } lastMove && now - lastMove < AntiFlapWindow)
        {
            var wait = AntiFlapWindow - (now - lastMove);
            return FailoverDecision.Stay(FailoverReason.AntiFlapWindow, owner,
                $"the address of pair {pair.PairName} moved at {lastMove:O}, inside the {AntiFlapWindow.TotalSeconds:0}s anti-flap window; next move allowed in {wait.TotalSeconds:0}s");
        }

        var scope = ScopeBetween(reported.SubnetId, peer.SubnetId);
        var reason = owner is null ? FailoverReason.ClaimUnowned
            : trigger.Kind == TriggerKind.Manual ? FailoverReason.ManualMove
            : FailoverReason.OwnerFailed;
        var from = owner is null ? "nobody" : $"{owner} ({reported.AvailabilityZone})";
        return new FailoverDecision(reason,
            $"moving the floating address of pair {pair.PairName} from {from} to {peer.NodeId} ({peer.AvailabilityZone}), {scope}: {trigger.Reason}",
            owner, peer.NodeId, scope);
    }

    /// <summary>How far the address travels between nodes in these subnets: the private address itself moves only inside one subnet.</summary>
    public static MoveScope ScopeBetween(string fromSubnetId, string toSubnetId) =>
        string.Equals(fromSubnetId, toSubnetId, StringComparison.Ordinal) ? MoveScope.SameSubnet : MoveScope.CrossSubnet;

    private static PairNode? FindNode(PairSnapshot pair, string nodeId) => pair.Nodes.FirstOrDefault(n => n.NodeId == nodeId);
}
