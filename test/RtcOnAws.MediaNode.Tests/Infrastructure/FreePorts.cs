using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>Finds loopback ports nobody uses right now (other test processes share this machine).</summary>
internal static class FreePorts
{
    // Media ranges and SIP ports come from below the kernel's ephemeral range (32768+), where no outgoing connection
    // of another test process takes a port between our check and the server's bind.
    private const int RegionStart = 12_000;
    private const int RegionEnd = 32_000;
    private const int SignallingStart = 10_000;
    private const int SignallingEnd = 12_000;
    private static int _nextRange = RegionStart + (Environment.ProcessId % 10 * 2_000);
    private static int _nextSignalling = SignallingStart + (Environment.ProcessId % 10 * 200);

    /// <summary>A UDP port that was free a moment ago.</summary>
    public static int Udp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A TCP port that was free a moment ago.</summary>
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A port below the ephemeral range that UDP and TCP can both bind on <paramref name="address"/> now: a SIP proxy
    /// listens on both, and a port free for UDP alone may be some TCP connection's ephemeral port.
    /// </summary>
    public static int UdpAndTcp(IPAddress address)
    {
        for (var attempt = 0; attempt < SignallingEnd - SignallingStart; attempt++)
        {
            var port = SignallingStart + ((Interlocked.Increment(ref _nextSignalling) - SignallingStart) % (SignallingEnd - SignallingStart));
            if (Bindable(address, port, SocketType.Dgram, ProtocolType.Udp) && Bindable(address, port, SocketType.Stream, ProtocolType.Tcp))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no port free for UDP and TCP on {address} in {SignallingStart}-{SignallingEnd}");
    }

    /// <summary>An even-aligned media range of <paramref name="ports"/> UDP ports below the ephemeral range, all bindable now.</summary>
    public static (int Min, int Max) MediaRange(int ports)
    {
        var step = ports + (ports % 2) + 2;
        for (var attempt = 0; attempt < (RegionEnd - RegionStart) / step; attempt++)
        {
            var min = Interlocked.Add(ref _nextRange, step) - step;
            if (min + ports > RegionEnd)
            {
                Interlocked.CompareExchange(ref _nextRange, RegionStart, min + step);
                continue;
            }

            min += min % 2;
            if (AllBindable(min, min + ports - 1))
            {
                return (min, min + ports - 1);
            }
        }

        throw new InvalidOperationException($"no free range of {ports} media ports found in {RegionStart}-{RegionEnd}");
    }

    /// <summary>True when every UDP port in the range can be bound on 127.0.0.1 (nothing leaked).</summary>
    public static bool AllBindable(int min, int max)
    {
        var sockets = new List<Socket>();
        try
        {
            for (var port = min; port <= max; port++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
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

    /// <summary>True when <paramref name="endPoint"/> can be bound for UDP now (nobody listens there).</summary>
    public static bool UdpBindable(IPEndPoint endPoint) => Bindable(endPoint.Address, endPoint.Port, SocketType.Dgram, ProtocolType.Udp);

    private static bool Bindable(IPAddress address, int port, SocketType type, ProtocolType protocol)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, type, protocol);
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
