using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>
/// Source-generated JSON for writing <see cref="CallRecord"/>s (no reflection). Its options define the format that
/// <see cref="CallRecordReader"/> reads back.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CallRecord))]
internal sealed partial class CallRecordJsonContext : JsonSerializerContext;
