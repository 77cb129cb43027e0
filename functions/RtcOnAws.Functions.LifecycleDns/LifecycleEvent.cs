using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>EventBridge envelope; <c>detail</c> is parsed once <c>detail-type</c> says what it is.</summary>
internal sealed record LifecycleEvent
{
    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("detail")]
    public JsonElement Detail { get; init; }
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

/// <summary><c>detail</c> of "EC2 Instance State-change Notification".</summary>
internal sealed record InstanceStateDetail
{
    [JsonPropertyName("instance-id")]
    public string? InstanceId { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }
}
