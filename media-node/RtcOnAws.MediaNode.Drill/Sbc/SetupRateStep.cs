using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>One step of the call setup rate ramp: SIPp asked for <see cref="Rate"/> calls per second for a few seconds.</summary>
/// <param name="Rate">Calls per second asked of SIPp.</param>
/// <param name="Calls">Calls placed in the step.</param>
/// <param name="Completed">Calls that completed (INVITE/200/ACK, BYE/200).</param>
/// <param name="Failed">SIPp's failed calls.</param>
/// <param name="Seconds">Wall-clock seconds the step took.</param>
/// <param name="Sustained">Every call completed and the step took at most 20 % longer than the rate allows.</param>
public sealed record SetupRateStep(
    [property: JsonPropertyName("rate")] int Rate,
    [property: JsonPropertyName("calls")] int Calls,
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("failed")] long Failed,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("sustained")] bool Sustained);
