using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>A parsed <c>c=IN IP4|IP6 address</c> line.</summary>
/// <param name="Address">The connection address (a literal IP; host names are not accepted).</param>
public sealed record SdpConnection(IPAddress Address)
{
    /// <summary>"IP4" or "IP6", as SDP spells the address type.</summary>
    public static string AddressType(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";

    /// <summary>Formats a connection line for <paramref name="address"/>.</summary>
    public static string Format(IPAddress address) => $"c=IN {AddressType(address)} {address}";

    /// <summary>True for 0.0.0.0 / :: (the obsolete "hold" address: no endpoint to send to).</summary>
    public bool IsUnspecified => Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    /// <summary>Parses the value after <c>c=</c>; null with <paramref name="error"/> when malformed.</summary>
    public static SdpConnection? Parse(string value, out string? error)
    {
        var parts = value.Split(' ');
        if (parts.Length != 3 || parts[0] != "IN" || (parts[1] != "IP4" && parts[1] != "IP6"))
        {
            error = $"c= line must be 'c=IN IP4|IP6 <address>', got 'c={value}'";
            return null;
        }

        var text = parts[2];
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        var expected = parts[1] == "IP4" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != expected)
        {
            error = $"c= address '{parts[2]}' is not a literal {parts[1]} address";
            return null;
        }

        error = null;
        return new SdpConnection(address);
    }
}
