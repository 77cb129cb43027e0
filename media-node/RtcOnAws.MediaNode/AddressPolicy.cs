using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode;

/// <summary>Classifies control-socket addresses: the ng protocol has no authentication, so it must stay private.</summary>
public static class AddressPolicy
{
    /// <summary>True for loopback, RFC 1918, CGNAT (100.64/10), link-local and IPv6 ULA/link-local addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] is >= 64 and <= 127)
            || (b[0] == 169 && b[1] == 254);
    }

    /// <summary>True for 0.0.0.0 / :: (every interface, including public ones).</summary>
    public static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}
