using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>A real relay engine, port pool and call registry, as a standby node holds them.</summary>
public sealed class StandbyEngine : IAsyncDisposable
{
    private StandbyEngine(RelayEngine relay, PortPool ports, CallRegistry registry)
    {
        Relay = relay;
        Ports = ports;
        Registry = registry;
    }

    public RelayEngine Relay { get; }

    public PortPool Ports { get; }

    public CallRegistry Registry { get; }

    public static StandbyEngine Create(IPAddress address, int portMin, int portMax)
    {
        var relay = new RelayEngine(new RelayEngineOptions { LoopCount = 1 }, NullLogger<RelayEngine>.Instance);
        var ports = new PortPool(relay, address, portMin, portMax);
        relay.Start();
        var registry = new CallRegistry(ports, new CallRegistryOptions { AdvertisedAddress = address, FreeBind = true }, NullLogger<CallRegistry>.Instance);
        return new StandbyEngine(relay, ports, registry);
    }

    /// <summary>
    /// A random even port range of <paramref name="size"/> ports that nothing on loopback uses right now, from a region
    /// below the kernel's ephemeral range (32768+) that no other test project uses: a range anywhere in 20000-58000 could
    /// lose a port to another process's outgoing socket or another project's relay after the check, and the standby then
    /// had no port for the last calls it mirrored.
    /// </summary>
    public static int FreeRange(int size)
    {
        const int regionStart = 5_000, regionEnd = 8_000;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var start = regionStart + (Random.Shared.Next(0, (regionEnd - regionStart - size) / 2) * 2);
            if (Enumerable.Range(start, size).All(IsUdpPortFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException("no free UDP port range found");
    }

    /// <summary>True when nothing is bound on the UDP port on 127.0.0.1 (binding it succeeds).</summary>
    public static bool IsUdpPortFree(int port) => IsUdpPortFree(IPAddress.Loopback, port);

    /// <summary>True when nothing is bound on the UDP port of <paramref name="address"/>.</summary>
    public static bool IsUdpPortFree(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Relay.DisposeAsync();
    }
}
