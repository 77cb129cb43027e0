namespace RtcOnAws.Aws.AutoScaling.Model;

/// <summary>Extends a lifecycle action's timeout while long work runs.</summary>
public sealed class RecordLifecycleActionHeartbeatRequest
{
    /// <summary>Auto Scaling group.</summary>
    public string? AutoScalingGroupName { get; set; }

    /// <summary>Lifecycle hook.</summary>
    public string? LifecycleHookName { get; set; }

    /// <summary>Token from the lifecycle event (give this or InstanceId).</summary>
    public string? LifecycleActionToken { get; set; }

    /// <summary>Instance (give this or LifecycleActionToken).</summary>
    public string? InstanceId { get; set; }
}

/// <summary>Result of RecordLifecycleActionHeartbeat.</summary>
public sealed class RecordLifecycleActionHeartbeatResponse : AmazonWebServiceResponse;
