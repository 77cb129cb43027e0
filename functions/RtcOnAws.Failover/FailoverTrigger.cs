namespace RtcOnAws.Failover;

/// <summary>The event that asks for a decision.</summary>
/// <param name="Kind">What the event says.</param>
/// <param name="ReportedNodeId">The node the event is about; <c>null</c> for a manual move, which targets the current owner.</param>
/// <param name="Reason">Free text from the event (alarm name, state change, operator note) carried into the decision.</param>
public sealed record FailoverTrigger(TriggerKind Kind, string? ReportedNodeId, string Reason);
