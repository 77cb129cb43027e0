using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>The function's response document: what was decided for which pair, and why.</summary>
internal sealed record FailoverResult
{
    [JsonPropertyName("pair")]
    public string? Pair { get; init; }

    [JsonPropertyName("decision")]
    public required string Decision { get; init; }

    [JsonPropertyName("moved")]
    public bool Moved { get; init; }

    [JsonPropertyName("from")]
    public string? From { get; init; }

    [JsonPropertyName("to")]
    public string? To { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("remapMilliseconds")]
    public long? RemapMilliseconds { get; init; }
}
