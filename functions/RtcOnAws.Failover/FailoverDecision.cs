namespace RtcOnAws.Failover;

/// <summary>The outcome of <see cref="FailoverPolicy.Decide"/>: move the address or not, and why.</summary>
/// <param name="Reason">Machine-readable reason.</param>
/// <param name="Message">One sentence for humans naming the nodes involved.</param>
/// <param name="FromNodeId">Current owner of the address, if any.</param>
/// <param name="ToNodeId">Node that receives the address when <see cref="ShouldMove"/>; otherwise <c>null</c>.</param>
/// <param name="Scope">How the address travels when <see cref="ShouldMove"/>; otherwise <c>null</c>.</param>
public sealed record FailoverDecision(FailoverReason Reason, string Message, string? FromNodeId, string? ToNodeId, MoveScope? Scope)
{
    /// <summary>True when the caller must move the floating address from <see cref="FromNodeId"/> to <see cref="ToNodeId"/>.</summary>
    public bool ShouldMove => ToNodeId is not null;

    internal static FailoverDecision Stay(FailoverReason reason, string? owner, string message) => new(reason, message, owner, null, null);
}
