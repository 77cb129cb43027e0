using System.Net;
using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>
/// Typed access to an ng request dictionary. rtpengine lets clients spell multi-word keys and flags with spaces or
/// hyphens ("received from" / "received-from"), so lookups try both.
/// </summary>
public sealed class NgRequest
{
    /// <summary>Wraps <paramref name="dictionary"/>; <paramref name="source"/> is the sender of the datagram.</summary>
    public NgRequest(BencodeValue dictionary, IPEndPoint? source)
    {
        Dictionary = dictionary;
        Source = source;
    }

    /// <summary>The request dictionary.</summary>
    public BencodeValue Dictionary { get; }

    /// <summary>Where the request came from (null for in-process calls).</summary>
    public IPEndPoint? Source { get; }

    /// <summary>The value of a key in either spelling, or null.</summary>
    public BencodeValue? Find(string key) =>
        Dictionary[key] ?? (key.Contains(' ', StringComparison.Ordinal) ? Dictionary[key.Replace(' ', '-')] : Dictionary[key.Replace('-', ' ')]);

    /// <summary>A required string value; throws an <see cref="NgRequestException"/> naming the key when absent.</summary>
    public string RequireString(string key) =>
        OptionalString(key) is { Length: > 0 } value ? value : throw new NgRequestException($"missing required key '{key}'");

    /// <summary>An optional string value; throws when present with another type.</summary>
    public string? OptionalString(string key)
    {
        var value = Find(key);
        return value switch
        {
            null => null,
            { Kind: BencodeKind.String } => value.AsText(),
            { Kind: BencodeKind.Integer } => value.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new NgRequestException($"key '{key}' must be a string, got a {value.Kind.ToString().ToLowerInvariant()}"),
        };
    }

    /// <summary>An optional integer (also accepted as a decimal string, as some clients send it).</summary>
    public long? OptionalInteger(string key)
    {
        var value = Find(key);
        return value switch
        {
            null => null,
            { Kind: BencodeKind.Integer } => value.Integer,
            { Kind: BencodeKind.String } when long.TryParse(value.AsText(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new NgRequestException($"key '{key}' must be an integer"),
        };
    }

    /// <summary>A list of strings (a single string counts as a one-element list); empty when absent.</summary>
    public IReadOnlyList<string> StringList(string key)
    {
        var value = Find(key);
        if (value is null)
        {
            return [];
        }

        if (value.Kind == BencodeKind.String)
        {
            return [value.AsText()!];
        }

        if (value.Kind != BencodeKind.List)
        {
            throw new NgRequestException($"key '{key}' must be a list of strings");
        }

        var items = new List<string>(value.Items.Count);
        foreach (var item in value.Items)
        {
            if (item.Kind != BencodeKind.String)
            {
                throw new NgRequestException($"key '{key}' must be a list of strings, found a {item.Kind.ToString().ToLowerInvariant()}");
            }

            items.Add(item.AsText()!);
        }

        return items;
    }

    /// <summary>Normalizes a flag or list value for comparison: lower case, hyphens and underscores as spaces.</summary>
    public static string Normalize(string flag) => flag.Trim().Replace('-', ' ').Replace('_', ' ').ToLowerInvariant();
}
