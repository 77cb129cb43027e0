using System.Buffers;
using System.Buffers.Text;

namespace RtcOnAws.MediaNode.Engine.Bencode;

/// <summary>Canonical bencode encoder (dictionary keys sorted as raw bytes, as the bencode standard requires).</summary>
public static class BencodeWriter
{
    /// <summary>Appends the encoding of <paramref name="value"/> to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, BencodeValue value)
    {
        switch (value.Kind)
        {
            case BencodeKind.String:
                WriteString(output, value.Bytes.Span);
                break;
            case BencodeKind.Integer:
                WriteByte(output, (byte)'i');
                WriteNumber(output, value.Integer);
                WriteByte(output, (byte)'e');
                break;
            case BencodeKind.List:
                WriteByte(output, (byte)'l');
                foreach (var item in value.Items)
                {
                    Write(output, item);
                }

                WriteByte(output, (byte)'e');
                break;
            default:
                WriteByte(output, (byte)'d');
                var entries = value.Entries.ToArray();
                Array.Sort(entries, static (a, b) => a.Key.Span.SequenceCompareTo(b.Key.Span));
                foreach (var entry in entries)
                {
                    WriteString(output, entry.Key.Span);
                    Write(output, entry.Value);
                }

                WriteByte(output, (byte)'e');
                break;
        }
    }

    /// <summary>Encodes into a new array (for tests and the reply cache).</summary>
    public static byte[] ToArray(BencodeValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        WriteNumber(output, bytes.Length);
        WriteByte(output, (byte)':');
        output.Write(bytes);
    }

    private static void WriteNumber(IBufferWriter<byte> output, long number)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(number, span, out var written);
        output.Advance(written);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
