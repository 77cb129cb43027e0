using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.Testing;

/// <summary>
/// Ports of this test project's region (<see cref="TestPortRegions"/>) that nobody holds right now: every port handed
/// out was bindable a moment ago, for the protocols its server binds, on the address it binds. Successive calls hand out
/// successive ports, so the tests of one process never get the same ones; each process starts at another place in the
/// region, so two runs of one project (two worktrees) rarely meet.
/// </summary>
internal static class FreePorts
{
    private static readonly TestPortRegions.Region Region = TestPortRegions.Of(typeof(FreePorts).Assembly);

    // In pairs of ports from the region's start: ranges stay even-aligned, as RTP wants.
    private static int _nextPair = Environment.ProcessId % 10 * (Region.Size / 20);

    /// <summary>A UDP port on <paramref name="address"/> (default 127.0.0.1).</summary>
    public static int Udp(IPAddress? address = null) => Take(1, address ?? IPAddress.Loopback, udp: true, tcp: false);

    /// <summary>A TCP port on <paramref name="address"/> (default 127.0.0.1).</summary>
    public static int Tcp(IPAddress? address = null) => Take(1, address ?? IPAddress.Loopback, udp: false, tcp: true);

    /// <summary>
    /// A port that UDP and TCP can both bind on <paramref name="address"/>: a SIP proxy listens on both, and a port free
    /// for UDP alone may be some TCP connection's port.
    /// </summary>
    public static int UdpAndTcp(IPAddress address) => Take(1, address, udp: true, tcp: true);

    /// <summary>An even-aligned range of <paramref name="ports"/> UDP ports on <paramref name="address"/> (default 127.0.0.1).</summary>
    public static (int Min, int Max) MediaRange(int ports, IPAddress? address = null)
    {
        var min = Take(ports, address ?? IPAddress.Loopback, udp: true, tcp: false);
        return (min, min + ports - 1);
    }

    /// <summary>True when every UDP port from <paramref name="min"/> to <paramref name="max"/> can be bound on 127.0.0.1 now (nothing leaked).</summary>
    public static bool AllBindable(int min, int max) => AllBindable(IPAddress.Loopback, min, max, SocketType.Dgram, ProtocolType.Udp);

    /// <summary>True when UDP <paramref name="port"/> can be bound on 127.0.0.1 now.</summary>
    public static bool UdpBindable(int port) => UdpBindable(new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>True when <paramref name="endPoint"/> can be bound for UDP now (nobody listens there).</summary>
    public static bool UdpBindable(IPEndPoint endPoint) => AllBindable(endPoint.Address, endPoint.Port, endPoint.Port, SocketType.Dgram, ProtocolType.Udp);

    private static int Take(int ports, IPAddress address, bool udp, bool tcp)
    {
        var pairs = (ports + 1) / 2;
        var regionPairs = Region.Size / 2;
        // Every window of the region once for a small request; a large one has only a few windows per pass, so it gets
        // more passes, each at other offsets (the cursor moves on by every hand-out, and wraps at the region's end).
        var attempts = Math.Max(regionPairs / pairs, 64);
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var first = (uint)(Interlocked.Add(ref _nextPair, pairs) - pairs) % (uint)regionPairs;
            var min = Region.Start + (2 * (int)first);
            var max = min + ports - 1;
            // A window that would cross the region's end is skipped; the cursor wraps to the region's beginning.
            if (max < Region.End
                && (!udp || AllBindable(address, min, max, SocketType.Dgram, ProtocolType.Udp))
                && (!tcp || AllBindable(address, min, max, SocketType.Stream, ProtocolType.Tcp)))
            {
                return min;
            }
        }

        throw new InvalidOperationException($"no {ports} free ports in a row on {address} in {Region.Start}-{Region.End}");
    }

    private static bool AllBindable(IPAddress address, int min, int max, SocketType type, ProtocolType protocol)
    {
        var sockets = new List<Socket>();
        try
        {
            for (var port = min; port <= max; port++)
            {
                var socket = new Socket(address.AddressFamily, type, protocol);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(address, port));
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }
}
