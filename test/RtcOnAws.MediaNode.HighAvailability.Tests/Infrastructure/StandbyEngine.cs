using System.Net;
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

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Relay.DisposeAsync();
    }
}
