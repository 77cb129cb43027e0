using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcOnAws.Functions;

/// <summary>The EventBridge envelope both functions receive; <c>detail</c> is parsed once <c>detail-type</c> says what it is.</summary>
internal record EventBridgeEvent
{
    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("detail")]
    public JsonElement Detail { get; init; }
}
