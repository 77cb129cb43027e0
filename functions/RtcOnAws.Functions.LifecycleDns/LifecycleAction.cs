namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>A validated lifecycle action: which instance is entering or leaving which group, and how to complete it.</summary>
internal sealed record LifecycleAction(bool IsLaunch, string InstanceId, string AutoScalingGroupName, string LifecycleHookName, string? LifecycleActionToken);
