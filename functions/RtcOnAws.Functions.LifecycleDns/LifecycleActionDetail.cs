using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.LifecycleDns;

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
