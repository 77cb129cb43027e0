namespace RtcOnAws.AwsSimulator.AutoScaling;

/// <summary>A lifecycle action waiting for (or having received) CompleteLifecycleAction.</summary>
/// <param name="Token">LifecycleActionToken.</param>
/// <param name="AutoScalingGroupName">Group.</param>
/// <param name="LifecycleHookName">Hook.</param>
/// <param name="InstanceId">Instance launching or terminating.</param>
/// <param name="Result">"CONTINUE" or "ABANDON" once completed, else null.</param>
/// <param name="Heartbeats">RecordLifecycleActionHeartbeat calls received.</param>
public sealed record SimLifecycleAction(
    string Token,
    string AutoScalingGroupName,
    string LifecycleHookName,
    string InstanceId,
    string? Result,
    int Heartbeats);
