using System.Text;

namespace RtcOnAws.MediaNode.Engine.Bencode;

/// <summary>Builds reply dictionaries fluently: <c>new BencodeDictionaryBuilder().Add("result", "ok").Build()</c>.</summary>
public sealed class BencodeDictionaryBuilder
{
    private readonly List<KeyValuePair<ReadOnlyMemory<byte>, BencodeValue>> _entries = [];

    /// <summary>Adds a key with any value.</summary>
    public BencodeDictionaryBuilder Add(string key, BencodeValue value)
    {
        _entries.Add(new(Encoding.UTF8.GetBytes(key), value));
        return this;
    }

    /// <summary>Adds a key with a UTF-8 string value.</summary>
    public BencodeDictionaryBuilder Add(string key, string value) => Add(key, BencodeValue.FromString(value));

    /// <summary>Adds a key with an integer value.</summary>
    public BencodeDictionaryBuilder Add(string key, long value) => Add(key, BencodeValue.FromInteger(value));

    /// <summary>Adds a key with a list value.</summary>
    public BencodeDictionaryBuilder Add(string key, IReadOnlyList<BencodeValue> items) => Add(key, BencodeValue.FromList(items));

    /// <summary>Adds a key with a nested dictionary.</summary>
    public BencodeDictionaryBuilder Add(string key, BencodeDictionaryBuilder nested) => Add(key, nested.Build());

    /// <summary>Creates the dictionary.</summary>
    public BencodeValue Build() => BencodeValue.FromEntries(_entries.ToArray());
}
