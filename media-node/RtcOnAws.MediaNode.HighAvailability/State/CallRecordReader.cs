using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>
/// Reads a <see cref="CallRecord"/> straight off a <see cref="Utf8JsonReader"/>. A cold standby decodes every stored
/// call at once; the generated serializer spent several times longer per value (constructor arguments buffered and
/// boxed, and hundreds of generic methods to compile in a fresh process) than binding the call's sockets.
/// The rules are the serializer's as <see cref="CallRecordJsonContext"/> configures it: snake_case names, every
/// constructor parameter present, <c>null</c> only where the record allows it, unknown properties ignored, nothing
/// after the value. Anything else throws <see cref="JsonException"/> naming the field.
/// </summary>
internal static class CallRecordReader
{
    private const int CallFields = 9;
    private const int LegFields = 5;
    private const int MediaFields = 13;

    /// <summary>The record in <paramref name="utf8"/>; null when the value is JSON <c>null</c>.</summary>
    public static CallRecord? Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        Next(ref reader);
        var record = reader.TokenType == JsonTokenType.Null ? null : ReadCall(ref reader);
        if (reader.Read())
        {
            throw new JsonException("the value goes on after the call object");
        }

        return record;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static CallRecord ReadCall(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the call");
        int version = 0;
        string? nodeId = null, callId = null, offererTag = null;
        long createdAt = 0, lastSignalAt = 0, updatedAtMs = 0;
        List<string>? flags = null;
        List<LegRecord>? legs = null;
        var seen = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("v"u8))
            {
                version = Int32(ref reader, "v", ref seen, 0);
            }
            else if (reader.ValueTextEquals("node_id"u8))
            {
                nodeId = String(ref reader, "node_id", ref seen, 1);
            }
            else if (reader.ValueTextEquals("call_id"u8))
            {
                callId = String(ref reader, "call_id", ref seen, 2);
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                createdAt = Int64(ref reader, "created_at", ref seen, 3);
            }
            else if (reader.ValueTextEquals("last_signal_at"u8))
            {
                lastSignalAt = Int64(ref reader, "last_signal_at", ref seen, 4);
            }
            else if (reader.ValueTextEquals("updated_at_ms"u8))
            {
                updatedAtMs = Int64(ref reader, "updated_at_ms", ref seen, 5);
            }
            else if (reader.ValueTextEquals("offerer_tag"u8))
            {
                offererTag = String(ref reader, "offerer_tag", ref seen, 6);
            }
            else if (reader.ValueTextEquals("flags"u8))
            {
                flags = ReadFlags(ref reader, ref seen, 7);
            }
            else if (reader.ValueTextEquals("legs"u8))
            {
                legs = ReadLegs(ref reader, ref seen, 8);
            }
            else
            {
                reader.Skip();
            }
        }

        RequireAll(seen, CallFields, "the call", ["v", "node_id", "call_id", "created_at", "last_signal_at", "updated_at_ms", "offerer_tag", "flags", "legs"]);
        return new CallRecord(version, nodeId!, callId!, createdAt, lastSignalAt, updatedAtMs, offererTag!, flags!, legs!);
    }

    private static List<string> ReadFlags(ref Utf8JsonReader reader, ref int seen, int bit)
    {
        Value(ref reader, ref seen, bit);
        Expect(ref reader, JsonTokenType.StartArray, "flags");
        var flags = new List<string>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            flags.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("every entry of flags must be a string"));
        }

        return flags;
    }

    // A null leg or media entry is left for the validation to reject, as with the generated serializer.
    private static List<LegRecord> ReadLegs(ref Utf8JsonReader reader, ref int seen, int bit)
    {
        Value(ref reader, ref seen, bit);
        Expect(ref reader, JsonTokenType.StartArray, "legs");
        var legs = new List<LegRecord>(2);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            legs.Add(reader.TokenType == JsonTokenType.Null ? null! : ReadLeg(ref reader));
        }

        return legs;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LegRecord ReadLeg(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a leg");
        string? tag = null, label = null, viaBranch = null, logicalInterface = null;
        long createdAt = 0;
        List<MediaRecord>? media = null;
        var seen = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("tag"u8))
            {
                tag = String(ref reader, "tag", ref seen, 0);
            }
            else if (reader.ValueTextEquals("label"u8))
            {
                label = OptionalString(ref reader, "label", ref seen, 1);
            }
            else if (reader.ValueTextEquals("via_branch"u8))
            {
                viaBranch = OptionalString(ref reader, "via_branch", ref seen, 2);
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                createdAt = Int64(ref reader, "created_at", ref seen, 3);
            }
            else if (reader.ValueTextEquals("interface"u8))
            {
                // Optional: values written before logical interfaces existed have none (the default interface).
                var optional = 0;
                logicalInterface = OptionalString(ref reader, "interface", ref optional, 0);
            }
            else if (reader.ValueTextEquals("media"u8))
            {
                Value(ref reader, ref seen, 4);
                Expect(ref reader, JsonTokenType.StartArray, "media");
                media = new List<MediaRecord>(1);
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    media.Add(reader.TokenType == JsonTokenType.Null ? null! : ReadMedia(ref reader));
                }
            }
            else
            {
                reader.Skip();
            }
        }

        RequireAll(seen, LegFields, "a leg", ["tag", "label", "via_branch", "created_at", "media"]);
        return new LegRecord(tag!, label, viaBranch, createdAt, media!, logicalInterface);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static MediaRecord ReadMedia(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a media");
        int index = 0, rtpPort = 0, rtcpPort = 0;
        string? type = null, protocol = null, localAddress = null, learning = null;
        string? sdpRtp = null, sdpRtcp = null, learnedRtp = null, learnedRtcp = null;
        bool rtcpMuxOnly = false, rtcpMuxOffered = false;
        Engine.Calls.SdesSnapshot? sdes = null;
        Engine.Calls.WebRtcMediaSnapshot? webRtc = null;
        var seen = 0;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = Int32(ref reader, "index", ref seen, 0);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = String(ref reader, "type", ref seen, 1);
            }
            else if (reader.ValueTextEquals("protocol"u8))
            {
                protocol = String(ref reader, "protocol", ref seen, 2);
            }
            else if (reader.ValueTextEquals("local_address"u8))
            {
                localAddress = String(ref reader, "local_address", ref seen, 3);
            }
            else if (reader.ValueTextEquals("rtp_port"u8))
            {
                rtpPort = Int32(ref reader, "rtp_port", ref seen, 4);
            }
            else if (reader.ValueTextEquals("rtcp_port"u8))
            {
                rtcpPort = Int32(ref reader, "rtcp_port", ref seen, 5);
            }
            else if (reader.ValueTextEquals("rtcp_mux_only"u8))
            {
                rtcpMuxOnly = Boolean(ref reader, "rtcp_mux_only", ref seen, 6);
            }
            else if (reader.ValueTextEquals("rtcp_mux_offered"u8))
            {
                rtcpMuxOffered = Boolean(ref reader, "rtcp_mux_offered", ref seen, 7);
            }
            else if (reader.ValueTextEquals("sdp_rtp"u8))
            {
                sdpRtp = OptionalString(ref reader, "sdp_rtp", ref seen, 8);
            }
            else if (reader.ValueTextEquals("sdp_rtcp"u8))
            {
                sdpRtcp = OptionalString(ref reader, "sdp_rtcp", ref seen, 9);
            }
            else if (reader.ValueTextEquals("learned_rtp"u8))
            {
                learnedRtp = OptionalString(ref reader, "learned_rtp", ref seen, 10);
            }
            else if (reader.ValueTextEquals("learned_rtcp"u8))
            {
                learnedRtcp = OptionalString(ref reader, "learned_rtcp", ref seen, 11);
            }
            else if (reader.ValueTextEquals("learning"u8))
            {
                learning = String(ref reader, "learning", ref seen, 12);
            }
            else if (reader.ValueTextEquals("sdes"u8))
            {
                // Optional (plain RTP legs and records of older writers have none); rare, so the generated reader will do.
                Next(ref reader);
                sdes = JsonSerializer.Deserialize(ref reader, CallRecordJsonContext.Default.SdesSnapshot);
            }
            else if (reader.ValueTextEquals("web_rtc"u8))
            {
                // Optional like sdes: only WebRTC legs carry it.
                Next(ref reader);
                webRtc = JsonSerializer.Deserialize(ref reader, CallRecordJsonContext.Default.WebRtcMediaSnapshot);
            }
            else
            {
                reader.Skip();
            }
        }

        RequireAll(seen, MediaFields, "a media", ["index", "type", "protocol", "local_address", "rtp_port", "rtcp_port", "rtcp_mux_only", "rtcp_mux_offered", "sdp_rtp", "sdp_rtcp", "learned_rtp", "learned_rtcp", "learning"]);
        return new MediaRecord(index, type!, protocol!, localAddress!, rtpPort, rtcpPort, rtcpMuxOnly, rtcpMuxOffered, sdpRtp, sdpRtcp, learnedRtp, learnedRtcp, learning!, sdes, webRtc);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the value ends early");

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) => Next(ref reader) == JsonTokenType.PropertyName;

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"{what} must be {(token == JsonTokenType.StartObject ? "an object" : "an array")}, not {reader.TokenType}");
        }
    }

    /// <summary>Marks the property as present and moves onto its value.</summary>
    private static void Value(ref Utf8JsonReader reader, ref int seen, int bit)
    {
        seen |= 1 << bit;
        Next(ref reader);
    }

    private static string String(ref Utf8JsonReader reader, string name, ref int seen, int bit)
    {
        Value(ref reader, ref seen, bit);
        return reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"{name} must be a string, not {reader.TokenType}");
    }

    private static string? OptionalString(ref Utf8JsonReader reader, string name, ref int seen, int bit)
    {
        Value(ref reader, ref seen, bit);
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"{name} must be a string or null, not {reader.TokenType}"),
        };
    }

    private static int Int32(ref Utf8JsonReader reader, string name, ref int seen, int bit)
    {
        Value(ref reader, ref seen, bit);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw new JsonException($"{name} must be a 32-bit integer");
    }

    private static long Int64(ref Utf8JsonReader reader, string name, ref int seen, int bit)
    {
        Value(ref reader, ref seen, bit);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw new JsonException($"{name} must be a 64-bit integer");
    }

    private static bool Boolean(ref Utf8JsonReader reader, string name, ref int seen, int bit)
    {
        Value(ref reader, ref seen, bit);
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw new JsonException($"{name} must be true or false, not {reader.TokenType}"),
        };
    }

    private static void RequireAll(int seen, int fields, string what, ReadOnlySpan<string> names)
    {
        if (seen == (1 << fields) - 1)
        {
            return;
        }

        var missing = new List<string>();
        for (var bit = 0; bit < fields; bit++)
        {
            if ((seen & (1 << bit)) == 0)
            {
                missing.Add(names[bit]);
            }
        }

        throw new JsonException($"{what} is missing {string.Join(", ", missing)}");
    }
}
