using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.FloatingIpFailover.Events;

/// <summary>
/// The top level of every event the function accepts: an EventBridge envelope (<c>detail-type</c>, <c>source</c>,
/// <c>detail</c>) or a direct invocation (<c>pair</c>, <c>reason</c>). The detail is parsed once its type is known.
/// </summary>
internal sealed record IncomingEvent
{
    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("detail")]
    public JsonElement Detail { get; init; }

    [JsonPropertyName("pair")]
    public string? Pair { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}
