using System.Text.Json.Serialization;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>Source-generated (reflection-free, AOT safe) serializers for every document the function reads or writes.</summary>
[JsonSerializable(typeof(EventBridgeEvent))]
[JsonSerializable(typeof(LifecycleActionDetail))]
[JsonSerializable(typeof(InstanceStateChangeDetail))]
[JsonSerializable(typeof(LifecycleResult))]
internal sealed partial class LifecycleJsonContext : JsonSerializerContext;
