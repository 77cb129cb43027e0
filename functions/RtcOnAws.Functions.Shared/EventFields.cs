using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RtcOnAws.Lambda.Runtime;

namespace RtcOnAws.Functions;

/// <summary>
/// Validation both functions apply to EventBridge envelopes before any AWS call; every failure is an
/// <see cref="InvalidEventException"/> naming the bad field.
/// </summary>
internal static class EventFields
{
    /// <summary>Parses the whole event document; <paramref name="expected"/> says what a null document should have been.</summary>
    public static T Envelope<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> type, string expected)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(payload, type)
                ?? throw new InvalidEventException($"the event is JSON null; expected {expected}");
        }
        catch (JsonException e)
        {
            throw new InvalidEventException($"the event is not a JSON object of the expected shape: {e.Message}", e);
        }
    }

    /// <summary>Parses the <c>detail</c> of <paramref name="incoming"/> once its <c>detail-type</c> has said what it is.</summary>
    public static T Detail<T>(EventBridgeEvent incoming, JsonTypeInfo<T> type)
        where T : class
    {
        var (detailType, detail) = (incoming.DetailType, incoming.Detail);
        if (detail.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidEventException($"'detail' of a '{detailType}' event must be a JSON object");
        }

        try
        {
            return detail.Deserialize(type) ?? throw new InvalidEventException($"'detail' of a '{detailType}' event is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidEventException($"'detail' of a '{detailType}' event has an unexpected shape: {e.Message}", e);
        }
    }

    /// <summary>EventBridge only lets AWS services emit aws.* sources, so a matching source proves where the event came from.</summary>
    public static TEvent RequireSource<TEvent>(TEvent incoming, string expected)
        where TEvent : EventBridgeEvent
    {
        if (incoming.Source != expected)
        {
            throw new InvalidEventException($"source of a '{incoming.DetailType}' event must be '{expected}', got '{incoming.Source ?? "(missing)"}'");
        }

        return incoming;
    }

    public static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidEventException($"{field} is missing or empty") : value;

    public static string RequireInstanceId(string? value, string field)
    {
        var id = Require(value, field);
        return id.StartsWith("i-", StringComparison.Ordinal) && id.Length <= 32 && id.Skip(2).All(char.IsAsciiLetterOrDigit)
            ? id
            : throw new InvalidEventException($"{field} must be an EC2 instance id like i-0123456789abcdef0, got '{id}'");
    }
}
