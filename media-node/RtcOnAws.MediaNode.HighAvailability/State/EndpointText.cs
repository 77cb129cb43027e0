using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>The <c>ip:port</c> text form of endpoints in stored calls (IPv6 as <c>[addr]:port</c>).</summary>
public static class EndpointText
{
    /// <summary>Formats an endpoint, or <c>null</c>.</summary>
    public static string? Format(IPEndPoint? endpoint) => endpoint?.ToString();

    /// <summary>Parses <c>ip:port</c>; unlike <see cref="IPEndPoint.TryParse(string, out IPEndPoint?)"/> the port is required.</summary>
    public static bool TryParse(string? text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (text is null)
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || text[..colon].EndsWith(':')
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            return false;
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>Parses an optional endpoint that has already been validated; <c>null</c> stays <c>null</c>.</summary>
    public static IPEndPoint? ParseOptional(string? text) => TryParse(text, out var endpoint) ? endpoint : null;
}
