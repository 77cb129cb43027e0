using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>Splits a datagram into cookie and dictionary: <c>cookie SP (bencode-dictionary | json-object)</c>.</summary>
public static class NgMessageParser
{
    /// <summary>Longest cookie accepted; Kamailio's are ~20 bytes, rtpengine-ng-client's ~20.</summary>
    public const int MaxCookieLength = 128;

    /// <summary>
    /// Parses <paramref name="datagram"/>. Returns null when no cookie can be found (nothing to answer to, so the
    /// datagram is dropped); otherwise a message whose <see cref="NgMessage.Error"/> says what is wrong with the body.
    /// </summary>
    public static NgMessage? Parse(ReadOnlyMemory<byte> datagram, BencodeLimits limits, int maxMessageBytes)
    {
        var span = datagram.Span;
        var space = span[..Math.Min(span.Length, MaxCookieLength + 1)].IndexOf((byte)' ');
        if (space <= 0 || span[..space].IndexOfAnyInRange((byte)0, (byte)' ') >= 0)
        {
            return null;
        }

        var cookie = datagram[..space];
        var body = datagram[(space + 1)..];
        var format = body.Length > 0 && body.Span[0] == (byte)'{' ? NgBodyFormat.Json : NgBodyFormat.Bencode;
        if (datagram.Length > maxMessageBytes)
        {
            return new(cookie, format, null, $"message of {datagram.Length} bytes exceeds the limit of {maxMessageBytes} bytes");
        }

        if (body.Length == 0 || (body.Span[0] != (byte)'d' && body.Span[0] != (byte)'{'))
        {
            return new(cookie, format, null, "message body must be a bencode dictionary ('d...e') or a JSON object ('{...}')");
        }

        var parsed = format == NgBodyFormat.Json
            ? NgJsonCodec.TryParse(body, limits, out var dictionary, out var error)
            : BencodeReader.TryParse(body, limits, out dictionary, out error);
        if (parsed && dictionary!.Kind != BencodeKind.Dictionary)
        {
            return new(cookie, format, null, "message body must be a dictionary");
        }

        return new(cookie, format, parsed ? dictionary : null, error);
    }
}
