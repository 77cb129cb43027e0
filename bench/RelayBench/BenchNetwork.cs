using System.Net;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Where the relays and the user agents live. With <see cref="RelayNamespace"/> set, relays run in that network
/// namespace (<c>ip netns exec</c>) on <see cref="RelayAddress"/> and this process is the agents' host, routed to it over a
/// veth: the topology in which the kernel can forward. Without it, everything is on 127.0.0.1.
/// </summary>
internal sealed record BenchNetwork(string? RelayNamespace, IPAddress RelayAddress, IPAddress CallerAddress, IPAddress CalleeAddress)
{
    /// <summary>The ng port inside the relay's own namespace (nothing else runs there).</summary>
    public const int NamespacedNgPort = 22222;

    public static BenchNetwork From(Arguments arguments)
    {
        var relayNamespace = arguments.String("netns-relay", string.Empty);
        return new BenchNetwork(
            relayNamespace.Length == 0 ? null : relayNamespace,
            IPAddress.Parse(arguments.String("relay-address", "127.0.0.1")),
            IPAddress.Parse(arguments.String("caller-address", "127.0.0.1")),
            IPAddress.Parse(arguments.String("callee-address", "127.0.0.1")));
    }

    /// <summary>The command that starts <paramref name="fileName"/> where the relays live.</summary>
    public (string FileName, IEnumerable<string> Arguments) Command(string fileName, IEnumerable<string> arguments) =>
        RelayNamespace is null ? (fileName, arguments) : ("ip", ["netns", "exec", RelayNamespace, fileName, .. arguments]);
}
