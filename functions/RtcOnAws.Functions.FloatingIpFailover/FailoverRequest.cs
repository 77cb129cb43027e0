using RtcOnAws.Failover;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>What an event asks for, after parsing and before any AWS call.</summary>
/// <param name="InstanceId">The node the event is about (alarm dimension, state-change instance); null for a direct invoke.</param>
/// <param name="PairName">The pair named by a direct invoke; null otherwise (found from the instance's tags).</param>
/// <param name="Trigger">What the event says, in the decision policy's terms; null when the event carries no signal.</param>
/// <param name="AlarmName">Alarm that fired or cleared, recorded as the node's health.</param>
/// <param name="IgnoreReason">Why the event needs no decision (e.g. INSUFFICIENT_DATA); null when it does.</param>
internal sealed record FailoverRequest(
    string? InstanceId,
    string? PairName,
    FailoverTrigger? Trigger,
    string? AlarmName,
    string? IgnoreReason);
