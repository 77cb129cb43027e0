using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>The function's response document.</summary>
internal sealed record LifecycleResult
{
    [JsonPropertyName("instanceId")]
    public required string InstanceId { get; init; }

    [JsonPropertyName("transition")]
    public required string Transition { get; init; }

    [JsonPropertyName("record")]
    public string? Record { get; init; }

    [JsonPropertyName("address")]
    public string? Address { get; init; }

    [JsonPropertyName("addresses")]
    public List<string> Addresses { get; init; } = [];

    [JsonPropertyName("srvTargets")]
    public List<string> SrvTargets { get; init; } = [];

    [JsonPropertyName("completed")]
    public required string Completed { get; init; }

    [JsonPropertyName("heartbeats")]
    public int Heartbeats { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }
}
