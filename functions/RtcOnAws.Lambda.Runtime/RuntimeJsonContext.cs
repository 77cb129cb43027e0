using System.Text.Json.Serialization;

namespace RtcOnAws.Lambda.Runtime;

/// <summary>Source-generated serializer for the Runtime API's own documents (no reflection, AOT safe).</summary>
[JsonSerializable(typeof(LambdaError))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
