using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Tests.Infrastructure;

/// <summary>Finds loopback ports nobody uses right now (other test processes share this machine).</summary>
internal static class FreePorts
{
    private static int _nextRange = 24_000 + (Environment.ProcessId % 7 * 1_000);

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

    /// <summary>An even-aligned media range of <paramref name="ports"/> UDP ports below the ephemeral range, all bindable now.</summary>
    public static (int Min, int Max) MediaRange(int ports)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var min = Interlocked.Add(ref _nextRange, ports + 2) - ports - 2;
            if (min + ports > 32_000)
            {
                Interlocked.Exchange(ref _nextRange, 24_000);
                continue;
            }

            min += min % 2;
            if (AllBindable(min, min + ports - 1))
            {
                return (min, min + ports - 1);
            }
        }

        throw new InvalidOperationException("no free media port range found below 32000");
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
}
