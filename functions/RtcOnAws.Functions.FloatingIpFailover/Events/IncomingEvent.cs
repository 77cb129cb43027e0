using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.FloatingIpFailover.Events;

/// <summary>
/// The top level of every event the function accepts: an EventBridge envelope or a direct invocation (<c>pair</c>,
/// <c>reason</c>).
/// </summary>
internal sealed record IncomingEvent : EventBridgeEvent
{
    [JsonPropertyName("pair")]
    public string? Pair { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}
