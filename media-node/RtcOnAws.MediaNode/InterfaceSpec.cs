using System.Net;

namespace RtcOnAws.MediaNode;

/// <summary>
/// rtpengine's <c>--interface [NAME/]ADDRESS[!ADVERTISED]</c>: the logical name (for the ng <c>direction</c> key), the
/// address media sockets bind, and the address written into SDP (e.g. the public Elastic IP of a private address).
/// </summary>
public sealed record InterfaceSpec(string Name, IPAddress BindAddress, IPAddress AdvertisedAddress)
{
    /// <summary>
    /// Parses every <c>--interface</c> value, each one or more specs separated by <c>;</c>: distinct names, one bind address
    /// (the port pool binds one address; the interfaces differ in what SDP advertises). Null with a message when malformed.
    /// </summary>
    public static IReadOnlyList<InterfaceSpec>? ParseAll(IReadOnlyList<string> values, out string? error)
    {
        var specs = new List<InterfaceSpec>();
        foreach (var text in values.SelectMany(v => v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var spec = Parse(text, out error);
            if (spec is null)
            {
                return null;
            }

            if (specs.Exists(s => s.Name == spec.Name))
            {
                error = $"--interface '{text}': the name '{spec.Name}' is given twice";
                return null;
            }

            if (specs.Count > 0 && (!spec.BindAddress.Equals(specs[0].BindAddress) || spec.AdvertisedAddress.AddressFamily != specs[0].AdvertisedAddress.AddressFamily))
            {
                error = $"--interface '{text}': every interface must bind {specs[0].BindAddress} (media ports bind one address; interfaces differ in the address they advertise)";
                return null;
            }

            specs.Add(spec);
        }

        error = specs.Count == 0 ? "--interface needs at least one [NAME/]ADDRESS[!ADVERTISED-ADDRESS]" : null;
        return specs.Count == 0 ? null : specs;
    }

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
