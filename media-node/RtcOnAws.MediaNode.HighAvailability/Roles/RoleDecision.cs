namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>The role to be in, and a stable reason when it differs from the current one.</summary>
/// <param name="Next">Role after the decision.</param>
/// <param name="Reason">Machine-readable reason (metric label) when <see cref="Next"/> changes; empty otherwise.</param>
public readonly record struct RoleDecision(NodeRole Next, string Reason);
