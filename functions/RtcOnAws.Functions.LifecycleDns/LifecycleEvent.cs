using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>EventBridge envelope of an Auto Scaling lifecycle action event.</summary>
internal sealed record LifecycleEvent
{
    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("detail")]
    public LifecycleActionDetail? Detail { get; init; }
}

/// <summary><c>detail</c> of "EC2 Instance-launch Lifecycle Action" / "EC2 Instance-terminate Lifecycle Action".</summary>
internal sealed record LifecycleActionDetail
{
    [JsonPropertyName("LifecycleActionToken")]
    public string? LifecycleActionToken { get; init; }

    [JsonPropertyName("AutoScalingGroupName")]
    public string? AutoScalingGroupName { get; init; }

    [JsonPropertyName("LifecycleHookName")]
    public string? LifecycleHookName { get; init; }

    [JsonPropertyName("EC2InstanceId")]
    public string? Ec2InstanceId { get; init; }

    [JsonPropertyName("LifecycleTransition")]
    public string? LifecycleTransition { get; init; }
}
