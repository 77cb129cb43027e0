using System.Text;

namespace RtcOnAws.MediaNode.Engine.Bencode;

/// <summary>
/// One node of a bencode document. Strings parsed from a datagram are slices of that datagram's buffer
/// (no copy), so a parsed document is only valid while the buffer it came from is owned by the caller.
/// </summary>
public sealed class BencodeValue
{
    private static readonly IReadOnlyList<BencodeValue> NoItems = [];
    private static readonly IReadOnlyList<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> NoEntries = [];

    private BencodeValue(
        BencodeKind kind,
        ReadOnlyMemory<byte> bytes,
        long integer,
        IReadOnlyList<BencodeValue> items,
        IReadOnlyList<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> entries)
    {
        Kind = kind;
        Bytes = bytes;
        Integer = integer;
        Items = items;
        Entries = entries;
    }

    /// <summary>Which of the four bencode types this is.</summary>
    public BencodeKind Kind { get; }

    /// <summary>The bytes of a <see cref="BencodeKind.String"/>; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The value of an <see cref="BencodeKind.Integer"/>; 0 otherwise.</summary>
    public long Integer { get; }

    /// <summary>The elements of a <see cref="BencodeKind.List"/>; empty otherwise.</summary>
    public IReadOnlyList<BencodeValue> Items { get; }

    /// <summary>The entries of a <see cref="BencodeKind.Dictionary"/> in arrival order; empty otherwise.</summary>
    public IReadOnlyList<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> Entries { get; }

    /// <summary>Creates a byte string that references <paramref name="bytes"/> without copying.</summary>
    public static BencodeValue FromBytes(ReadOnlyMemory<byte> bytes) => new(BencodeKind.String, bytes, 0, NoItems, NoEntries);

    /// <summary>Creates a UTF-8 byte string.</summary>
    public static BencodeValue FromString(string text) => FromBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Creates an integer.</summary>
    public static BencodeValue FromInteger(long value) => new(BencodeKind.Integer, default, value, NoItems, NoEntries);

    /// <summary>Creates a list.</summary>
    public static BencodeValue FromList(IReadOnlyList<BencodeValue> items) => new(BencodeKind.List, default, 0, items, NoEntries);

    /// <summary>Creates a dictionary from entries in the given order.</summary>
    public static BencodeValue FromEntries(IReadOnlyList<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> entries) =>
        new(BencodeKind.Dictionary, default, 0, NoItems, entries);

    /// <summary>Looks up a dictionary key (case-sensitive, as in rtpengine); null when absent or not a dictionary.</summary>
    public BencodeValue? this[ReadOnlySpan<byte> key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (entry.Key.Span.SequenceEqual(key))
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Looks up a dictionary key given as text.</summary>
    public BencodeValue? this[string key] => this[Encoding.UTF8.GetBytes(key)];

    /// <summary>The string decoded as UTF-8 (invalid sequences become U+FFFD); null for non-strings.</summary>
    public string? AsText() => Kind == BencodeKind.String ? Encoding.UTF8.GetString(Bytes.Span) : null;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        BencodeKind.String => AsText()!,
        BencodeKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BencodeKind.List => $"[{string.Join(", ", Items)}]",
        _ => $"{{{string.Join(", ", Entries.Select(e => $"{Encoding.UTF8.GetString(e.Key.Span)}: {e.Value}"))}}}",
    };
}
