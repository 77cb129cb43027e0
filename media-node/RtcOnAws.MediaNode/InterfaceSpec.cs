using System.Net;

namespace RtcOnAws.MediaNode;

/// <summary>
/// rtpengine's <c>--interface [NAME/]ADDRESS[!ADVERTISED]</c>: the logical name (for the ng <c>direction</c> key), the
/// address media sockets bind, and the address written into SDP (e.g. the public Elastic IP of a private address).
/// </summary>
public sealed record InterfaceSpec(string Name, IPAddress BindAddress, IPAddress AdvertisedAddress)
{
    /// <summary>Parses the flag value; null with a message naming the problem when malformed.</summary>
    public static InterfaceSpec? Parse(string text, out string? error)
    {
        var name = "default";
        var rest = text;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            name = text[..slash];
            rest = text[(slash + 1)..];
        }

        var bang = rest.IndexOf('!', StringComparison.Ordinal);
        var bindText = bang >= 0 ? rest[..bang] : rest;
        var advertisedText = bang >= 0 ? rest[(bang + 1)..] : bindText;
        if (name.Length == 0 || !IPAddress.TryParse(bindText, out var bind) || !IPAddress.TryParse(advertisedText, out var advertised))
        {
            error = $"--interface '{text}' must be [NAME/]ADDRESS[!ADVERTISED-ADDRESS] with literal IP addresses, e.g. 10.0.0.5 or pub/10.0.0.5!203.0.113.7";
            return null;
        }

        if (bind.AddressFamily != advertised.AddressFamily)
        {
            error = $"--interface '{text}': the bind and advertised addresses must be of the same family";
            return null;
        }

        error = null;
        return new InterfaceSpec(name, bind, advertised);
    }
}
