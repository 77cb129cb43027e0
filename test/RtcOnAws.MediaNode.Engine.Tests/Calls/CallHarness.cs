using System.Net;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.Engine.Tests.Calls;

/// <summary>A real relay engine, port pool and call registry on loopback, torn down after each test.</summary>
internal sealed class CallHarness : IAsyncDisposable
{
    private CallHarness(RelayEngine engine, PortPool pool, CallRegistry registry)
    {
        Engine = engine;
        Pool = pool;
        Registry = registry;
    }

    public RelayEngine Engine { get; }

    public PortPool Pool { get; }

    public CallRegistry Registry { get; }

    /// <param name="time">The clock of the relay and the registry; null means the system clock.</param>
    /// <param name="interfaces">Logical interfaces (name to advertised address); null means none.</param>
    public static CallHarness Create(int pairs, string address = "127.0.0.1", TimeProvider? time = null, IReadOnlyDictionary<string, IPAddress>? interfaces = null)
    {
        var (min, max) = FreePorts.MediaRange(pairs * 2, IPAddress.Parse(address));
        var engine = new RelayEngine(new RelayEngineOptions { LoopCount = 1 }, time: time);
        var pool = new PortPool(engine, IPAddress.Parse(address), min, max);
        engine.Start();
        var registry = new CallRegistry(pool, new CallRegistryOptions { AdvertisedAddress = IPAddress.Parse(address), InterfaceAddresses = interfaces ?? new Dictionary<string, IPAddress>() }, time: time);
        return new CallHarness(engine, pool, registry);
    }

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
