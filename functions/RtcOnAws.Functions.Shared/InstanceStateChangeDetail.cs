using System.Text.Json.Serialization;

namespace RtcOnAws.Functions;

/// <summary><c>detail</c> of an "EC2 Instance State-change Notification" event.</summary>
internal sealed record InstanceStateChangeDetail
{
    [JsonPropertyName("instance-id")]
    public string? InstanceId { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }
}
