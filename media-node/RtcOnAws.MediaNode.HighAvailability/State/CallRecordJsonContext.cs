using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>Source-generated JSON for <see cref="CallRecord"/>: no reflection, fast enough for 10,000-call restores.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CallRecord))]
internal sealed partial class CallRecordJsonContext : JsonSerializerContext;
