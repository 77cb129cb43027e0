using System.Reflection;

namespace RtcOnAws.Testing;

/// <summary>
/// The one table of the loopback ports each test project may take for servers and media (<see cref="FreePorts"/> hands
/// them out). Test projects run at the same time, so their regions are disjoint; all lie above the well-known ports and
/// below the kernel's ephemeral range (32768+ here and on CI, <c>/proc/sys/net/ipv4/ip_local_port_range</c>), where no
/// outgoing connection of another process takes a port between a probe and a server's bind. Ports a test binds inside a
/// network namespace of its own are not taken from here: nothing else shares that namespace's stack.
/// </summary>
internal static class TestPortRegions
{
    /// <summary>The region of each test project, by its assembly name.</summary>
    public static IReadOnlyDictionary<string, Region> ByProject { get; } = new Dictionary<string, Region>
    {
        ["RtcOnAws.Sbc.Contracts.Tests"] = new(1_200, 1_600),
        ["RtcOnAws.Constructs.Tests"] = new(1_600, 2_000),
        ["RtcOnAws.MediaNode.Relay.Tests"] = new(2_000, 5_000),
        ["RtcOnAws.MediaNode.HighAvailability.Tests"] = new(5_000, 9_000),
        ["RtcOnAws.MediaNode.Engine.Tests"] = new(9_000, 10_500),
        ["RtcOnAws.MediaNode.WebRtc.Tests"] = new(10_500, 11_000),
        ["RtcOnAws.MediaNode.Tests"] = new(11_000, 20_000),
        // Not 20000-39999: the benchmarks' relays (bench/) bind their media ports there on loopback.
    };

    /// <summary>The region of the test project <paramref name="assembly"/>.</summary>
    public static Region Of(Assembly assembly)
    {
        var project = assembly.GetName().Name!;
        return ByProject.TryGetValue(project, out var region)
            ? region
            : throw new InvalidOperationException($"{project} has no port region: give it one in TestPortRegions, disjoint from the others");
    }

    /// <summary>Ports <see cref="Start"/> (even) up to <see cref="End"/>, exclusive.</summary>
    public readonly record struct Region(int Start, int End)
    {
        public int Size => End - Start;

        public bool Overlaps(Region other) => Start < other.End && other.Start < End;
    }
}
