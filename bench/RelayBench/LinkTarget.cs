using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Where a frame for one destination leaves this host, as the kernel's routing would send it: a destination that is
/// one of this namespace's own addresses (the direct baseline, loopback) goes through <c>lo</c> with zero MAC addresses;
/// any other (the relay, on-link over the veth) leaves the interface holding the source address, addressed to the
/// destination's MAC from the neighbour table.
/// </summary>
internal sealed record LinkTarget(int InterfaceIndex, byte[] SourceMac, byte[] DestinationMac)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    public static LinkTarget Resolve(IPAddress source, IPAddress destination)
    {
        var interfaces = NetworkInterface.GetAllNetworkInterfaces();
        bool local = IPAddress.IsLoopback(destination) || interfaces.Any(i => Holds(i, destination));
        if (local)
        {
            var loopback = interfaces.First(i => i.NetworkInterfaceType == NetworkInterfaceType.Loopback);
            return new LinkTarget(loopback.GetIPProperties().GetIPv4Properties().Index, new byte[6], new byte[6]);
        }

        var link = interfaces.FirstOrDefault(i => Holds(i, source))
            ?? throw new InvalidOperationException($"No interface holds {source}.");
        return new LinkTarget(link.GetIPProperties().GetIPv4Properties().Index, link.GetPhysicalAddress().GetAddressBytes(), NeighbourMac(destination, link.Name));
    }

    private static bool Holds(NetworkInterface candidate, IPAddress address) =>
        candidate.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(address));

    /// <summary>The destination's MAC from <c>/proc/net/arp</c>; one datagram to its discard port asks the kernel to resolve it first.</summary>
    private static byte[] NeighbourMac(IPAddress destination, string device)
    {
        var deadline = DateTime.UtcNow + ResolveTimeout;
        while (true)
        {
            foreach (var line in File.ReadLines("/proc/net/arp").Skip(1))
            {
                // "IP address  HW type  Flags  HW address  Mask  Device"; flag 0x2 = resolved.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 6 && fields[0] == destination.ToString() && fields[5] == device && (Convert.ToInt32(fields[2], 16) & 0x2) != 0)
                {
                    return PhysicalAddress.Parse(fields[3].Replace(':', '-').ToUpperInvariant()).GetAddressBytes();
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{destination} has no resolved MAC address on {device}.");
            }

            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.SendTo([0], new IPEndPoint(destination, 9));
            }

            Thread.Sleep(50);
        }
    }
}
