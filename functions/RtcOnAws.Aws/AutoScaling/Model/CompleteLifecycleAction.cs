namespace RtcOnAws.Aws.AutoScaling.Model;

/// <summary>Completes a lifecycle action (lets the launch or termination proceed, or abandons it).</summary>
public sealed class CompleteLifecycleActionRequest
{
    /// <summary>Auto Scaling group.</summary>
    public string? AutoScalingGroupName { get; set; }

    /// <summary>Lifecycle hook.</summary>
    public string? LifecycleHookName { get; set; }

    /// <summary>Token from the lifecycle event (give this or InstanceId).</summary>
    public string? LifecycleActionToken { get; set; }

    /// <summary>"CONTINUE" or "ABANDON", see <see cref="LifecycleActionResult"/>.</summary>
    public string? LifecycleActionResult { get; set; }

    /// <summary>Instance (give this or LifecycleActionToken).</summary>
    public string? InstanceId { get; set; }
}

/// <summary>Result of CompleteLifecycleAction.</summary>
public sealed class CompleteLifecycleActionResponse : AmazonWebServiceResponse;

/// <summary>Lifecycle action results.</summary>
public static class LifecycleActionResult
{
    /// <summary>Proceed.</summary>
    public const string Continue = "CONTINUE";

    /// <summary>Abandon (terminate a launching instance).</summary>
    public const string Abandon = "ABANDON";
}
