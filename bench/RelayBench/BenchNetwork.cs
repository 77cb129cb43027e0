using System.Net;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Where the relays and the user agents live. With <see cref="RelayNamespace"/> set, relays run in that network
/// namespace (<c>ip netns exec</c>) on <see cref="RelayAddress"/> and this process is the agents' host, routed to it over a
/// veth: the topology in which the kernel can forward. Without it, everything is on 127.0.0.1.
/// </summary>
/// <param name="FrameSender">
/// The load generator sends prebuilt frames in batches (<see cref="UdpFrameSender"/>) rather than one <c>sendto</c> per
/// packet: the default in the namespaced topology, whose agents' namespace is set up for it (<c>accept_local</c> on
/// <c>lo</c> for the direct baseline); on 127.0.0.1 it would need <c>route_localnet</c> on the host's own loopback.
/// </param>
/// <param name="SenderThreads">
/// The load generator's sender threads with <paramref name="FrameSender"/> (each sends its own calls' streams): on a veth
/// the relay's forwarding runs in softirq on the sending thread's core, so one thread holds every relay's rate to what
/// one core does; two spread that work over both cores, for every relay and the baseline alike.
/// </param>
internal sealed record BenchNetwork(string? RelayNamespace, IPAddress RelayAddress, IPAddress CallerAddress, IPAddress CalleeAddress, bool FrameSender = false, int SenderThreads = 1)
{
    /// <summary>The ng port inside the relay's own namespace (nothing else runs there).</summary>
    public const int NamespacedNgPort = 22222;

    public static BenchNetwork From(Arguments arguments)
    {
        var relayNamespace = arguments.String("netns-relay", string.Empty);
        if (relayNamespace.Length == 0 && arguments.String("sender", "sockets") == "frames")
        {
            throw new ArgumentException("--sender frames needs the namespaced topology (--netns-relay, as bench/relay-bench.sh sets up): on 127.0.0.1 the kernel drops injected frames from a loopback source.");
        }

        return new BenchNetwork(
            relayNamespace.Length == 0 ? null : relayNamespace,
            IPAddress.Parse(arguments.String("relay-address", "127.0.0.1")),
            IPAddress.Parse(arguments.String("caller-address", "127.0.0.1")),
            IPAddress.Parse(arguments.String("callee-address", "127.0.0.1")),
            arguments.String("sender", relayNamespace.Length == 0 ? "sockets" : "frames") switch
            {
                "frames" => true,
                "sockets" => false,
                var other => throw new ArgumentException($"--sender must be frames or sockets, got '{other}'."),
            },
            Math.Max(1, arguments.Int("sender-threads", 1)));
    }

    /// <summary>The command that starts <paramref name="fileName"/> where the relays live.</summary>
    public (string FileName, IEnumerable<string> Arguments) Command(string fileName, IEnumerable<string> arguments) =>
        RelayNamespace is null ? (fileName, arguments) : ("ip", ["netns", "exec", RelayNamespace, fileName, .. arguments]);
}
