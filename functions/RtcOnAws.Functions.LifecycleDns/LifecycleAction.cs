namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>The lifecycle action to heartbeat and complete once the DNS work is done.</summary>
internal sealed record LifecycleAction(string InstanceId, string AutoScalingGroupName, string LifecycleHookName, string? LifecycleActionToken);
