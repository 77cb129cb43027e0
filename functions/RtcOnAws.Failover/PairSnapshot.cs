namespace RtcOnAws.Failover;

/// <summary>Everything the policy needs to know about a pair at one instant.</summary>
/// <param name="PairName">Name of the pair, for messages.</param>
/// <param name="Nodes">The two nodes of the pair.</param>
/// <param name="OwnerNodeId">Node that currently holds the floating address; <c>null</c> when nobody does.</param>
/// <param name="LastMoveAt">When the address last moved (from the pair's record), <c>null</c> if never.</param>
public sealed record PairSnapshot(string PairName, IReadOnlyList<PairNode> Nodes, string? OwnerNodeId, DateTimeOffset? LastMoveAt);
