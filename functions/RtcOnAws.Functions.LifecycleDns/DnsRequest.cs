namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>A validated event: which instance, what to do with its address, and the lifecycle action to complete, if any.</summary>
internal sealed record DnsRequest(string InstanceId, DnsIntent Intent, string Transition, LifecycleAction? Lifecycle);
