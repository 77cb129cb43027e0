using System.Text.Json.Serialization;
using RtcOnAws.Functions.FloatingIpFailover.Events;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>Source-generated (reflection-free, AOT safe) serializers for every document the function reads or writes.</summary>
[JsonSourceGenerationOptions(AllowTrailingCommas = false, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(IncomingEvent))]
[JsonSerializable(typeof(AlarmStateChangeDetail))]
[JsonSerializable(typeof(InstanceStateChangeDetail))]
[JsonSerializable(typeof(FailoverResult))]
internal sealed partial class FailoverJsonContext : JsonSerializerContext;
