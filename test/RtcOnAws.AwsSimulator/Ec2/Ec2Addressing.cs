using System.Buffers.Binary;
using System.Net;

namespace RtcOnAws.AwsSimulator.Ec2;

/// <summary>IPv4 and instance-state helpers.</summary>
internal static class Ec2Addressing
{
    public static readonly IReadOnlyDictionary<string, int> StateCodes = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["pending"] = 0,
        ["running"] = 16,
        ["shutting-down"] = 32,
        ["terminated"] = 48,
        ["stopping"] = 64,
        ["stopped"] = 80,
    };

    public static bool IsIpv4(string address) =>
        IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                                                     && address.Count(c => c == '.') == 3;

    public static bool InSubnet(SubnetRecord subnet, string address)
    {
        if (subnet.Cidr is null) return true;
        var (network, prefix) = ParseCidr(subnet.Cidr);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (ToUInt(address) & mask) == (network & mask);
    }

    /// <summary>Host addresses AWS lets you assign: network + 4 .. broadcast - 1.</summary>
    public static IEnumerable<string> Assignable(SubnetRecord subnet)
    {
        if (subnet.Cidr is null) yield break;
        var (network, prefix) = ParseCidr(subnet.Cidr);
        var size = 1u << (32 - prefix);
        for (var offset = 4u; offset < size - 1; offset++) yield return FromUInt(network + offset);
    }

    private static (uint Network, int Prefix) ParseCidr(string cidr)
    {
        var slash = cidr.IndexOf('/');
        return (ToUInt(cidr[..slash]), int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static uint ToUInt(string address) => BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(address).GetAddressBytes());

    private static string FromUInt(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes).ToString();
    }
}
