using System.Net;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>The packet I/O machinery behind a <see cref="RelayEngine"/>: binds sockets and runs the loops that relay.</summary>
internal abstract class PacketBackend
{
    protected PacketBackend(RelayEngine engine)
    {
        Engine = engine;
    }

    protected RelayEngine Engine { get; }

    /// <summary>Bytes allocated on event-loop threads since they started (expected to stay flat under load).</summary>
    public abstract long LoopAllocatedBytes { get; }

    /// <summary>
    /// Binds a UDP socket to exactly <paramref name="address"/>:<paramref name="port"/> without <c>SO_REUSEADDR</c>.
    /// Returns null when the port is still bound; throws <see cref="InvalidOperationException"/> on any other error.
    /// </summary>
    public abstract RelaySocket? TryBind(IPAddress address, int port, bool freeBind);

    /// <summary>
    /// Prepares the process for up to <paramref name="sockets"/> more sockets, so binding thousands of them at once
    /// (an HA standby restoring every call) does not stall on growing the descriptor table. Best effort.
    /// </summary>
    public virtual void ReserveDescriptors(int sockets)
    {
    }

    /// <summary>Starts relaying for a new stream's sockets.</summary>
    public abstract void Register(RelayStream stream);

    /// <summary>
    /// Called when two streams become peers: a backend with several loops may move them onto one loop, so a packet
    /// is received and sent by the same core and neither socket's state bounces between caches.
    /// </summary>
    public virtual void Colocate(RelayStream stream, RelayStream peer)
    {
    }

    /// <summary>Closes a stream's sockets once no loop can still be using them.</summary>
    public abstract void Close(RelayStream stream);

    /// <summary>Closes a socket that was bound but never registered (its pair failed to bind).</summary>
    public abstract void CloseUnregistered(RelaySocket socket);

    public abstract void Start();

    public abstract Task StopAsync();

    /// <summary>Adds the per-loop counters into the totals.</summary>
    public abstract void AddCountersTo(ref long received, ref long relayedPackets, ref long relayedBytes, ref DropCounts dropped);

    /// <summary>The learner a freshly bound socket starts with: nothing expected, so nothing is accepted yet.</summary>
    protected EndpointLearner InitialLearner() =>
        new(Engine.Options.DefaultEndpointLearning, null, null, Engine.HeuristicWindowTicks);

    protected static InvalidOperationException BindFailed(IPAddress address, int port, bool freeBind, string error)
    {
        string hint = freeBind ? string.Empty : " If the address is not on an interface yet (a floating address), allocate with freeBind: true.";
        return new InvalidOperationException($"Binding UDP {new IPEndPoint(address, port)} failed: {error}.{hint}");
    }
}
