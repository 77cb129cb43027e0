using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode;

/// <summary>Parses ADDRESS:PORT flag values (IPv6 as [ADDRESS]:PORT); a bare PORT means loopback.</summary>
public static class EndPointText
{
    /// <summary>Parses <paramref name="text"/> for <paramref name="flag"/>; throws <see cref="FormatException"/> naming the flag.</summary>
    public static IPEndPoint Parse(string text, string flag)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        var hasPort = text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Count(c => c == ':') == 1;
        if (hasPort && IPEndPoint.TryParse(text, out var endPoint))
        {
            return endPoint;
        }

        throw new FormatException($"{flag} '{text}' must be ADDRESS:PORT (IPv6 as [ADDRESS]:PORT) or PORT, e.g. 127.0.0.1:2223");
    }
}
