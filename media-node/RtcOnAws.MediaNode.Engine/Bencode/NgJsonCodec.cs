using System.Buffers;
using System.Text;
using System.Text.Json;

namespace RtcOnAws.MediaNode.Engine.Bencode;

/// <summary>
/// Maps JSON ng messages onto the bencode model and back (rtpengine accepts a JSON object in place of the bencode
/// dictionary and answers in the same format). Booleans become the integers 1 and 0; null and fractional numbers are
/// rejected because bencode has no equivalent.
/// </summary>
public static class NgJsonCodec
{
    /// <summary>Parses a JSON document into the bencode model, within the same limits as bencode.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> input, BencodeLimits limits, out BencodeValue? value, out string? error)
    {
        value = null;
        error = null;
        try
        {
            using var document = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
            var count = 0;
            value = Convert(document.RootElement, limits, ref count, ref error);
            return value is not null;
        }
        catch (JsonException exception)
        {
            error = $"invalid JSON: {exception.Message}";
            return false;
        }
    }

    /// <summary>Appends the JSON encoding of <paramref name="value"/> to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, BencodeValue value)
    {
        using var writer = new Utf8JsonWriter(output);
        WriteValue(writer, value);
    }

    private static BencodeValue? Convert(JsonElement element, BencodeLimits limits, ref int count, ref string? error)
    {
        if (++count > limits.MaxValues)
        {
            error = $"invalid JSON: more than {limits.MaxValues} values";
            return null;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (Encoding.UTF8.GetByteCount(text) > limits.MaxStringLength)
                {
                    error = $"invalid JSON: string longer than {limits.MaxStringLength} bytes";
                    return null;
                }

                return BencodeValue.FromString(text);
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                return BencodeValue.FromInteger(number);
            case JsonValueKind.True:
                return BencodeValue.FromInteger(1);
            case JsonValueKind.False:
                return BencodeValue.FromInteger(0);
            case JsonValueKind.Array:
                var items = new List<BencodeValue>();
                foreach (var item in element.EnumerateArray())
                {
                    var converted = Convert(item, limits, ref count, ref error);
                    if (converted is null)
                    {
                        return null;
                    }

                    items.Add(converted);
                }

                return BencodeValue.FromList(items);
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>>();
                foreach (var property in element.EnumerateObject())
                {
                    var converted = Convert(property.Value, limits, ref count, ref error);
                    if (converted is null)
                    {
                        return null;
                    }

                    entries.Add(new(Encoding.UTF8.GetBytes(property.Name), converted));
                }

                return BencodeValue.FromEntries(entries);
            default:
                error = $"invalid JSON: {element.ValueKind} values are not supported (only strings, integers, booleans, arrays and objects)";
                return null;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, BencodeValue value)
    {
        switch (value.Kind)
        {
            case BencodeKind.String:
                writer.WriteStringValue(Encoding.UTF8.GetString(value.Bytes.Span));
                break;
            case BencodeKind.Integer:
                writer.WriteNumberValue(value.Integer);
                break;
            case BencodeKind.List:
                writer.WriteStartArray();
                foreach (var item in value.Items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                foreach (var entry in value.Entries)
                {
                    writer.WritePropertyName(Encoding.UTF8.GetString(entry.Key.Span));
                    WriteValue(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
        }
    }
}
