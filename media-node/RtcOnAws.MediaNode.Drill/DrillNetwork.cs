using System.Globalization;
using System.Text.RegularExpressions;
using RtcOnAws.MediaNode.HighAvailability.Takeover;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>
/// The drill's hosts as network namespaces: caller, callee, node A, node B and Redis on one bridge (inside a sixth,
/// switch namespace, so nothing is added to the machine's own namespace), plus a direct peer link between A and B for
/// heartbeats. No namespace has a default route, so no packet can leave. Names carry the drill's own prefix and its
/// pid, so namespaces left by a drill that died can be found and deleted.
/// </summary>
public sealed class DrillNetwork : IAsyncDisposable
{
    /// <summary>Prefix of every namespace the media drill creates.</summary>
    public const string NamePrefix = "rtcd";

    /// <summary>The LAN device in every host namespace.</summary>
    public const string LanDevice = "eth0";

    /// <summary>The peer-link device in the node namespaces.</summary>
    public const string PeerDevice = "hb0";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private bool _disposed;

    private DrillNetwork(string prefix) => Prefix = prefix;

    /// <summary>This drill's namespace prefix.</summary>
    public string Prefix { get; }

    /// <summary>The caller user agent's namespace.</summary>
    public string Caller => Prefix + "-caller";

    /// <summary>The callee user agent's namespace.</summary>
    public string Callee => Prefix + "-callee";

    /// <summary>Node A's namespace.</summary>
    public string NodeA => Prefix + "-a";

    /// <summary>Node B's namespace.</summary>
    public string NodeB => Prefix + "-b";

    /// <summary>The Redis host's namespace.</summary>
    public string Redis => Prefix + "-redis";

    /// <summary>The switch namespace holding the bridge.</summary>
    public string Switch => Prefix + "-sw";

    private IEnumerable<string> All => [Caller, Callee, NodeA, NodeB, Redis, Switch];

    /// <summary>Builds the network for a drill identified by <paramref name="instance"/> (unique per process).</summary>
    /// <param name="namePrefix">The drill's own namespace prefix (<see cref="NamePrefix"/> for the media drill).</param>
    /// <param name="instance">Unique within this process.</param>
    /// <param name="cancellationToken">Cancels the build (what was built is deleted).</param>
    public static async Task<DrillNetwork> CreateAsync(string namePrefix, string instance, CancellationToken cancellationToken)
    {
        var network = new DrillNetwork($"{namePrefix}{Environment.ProcessId}-{instance}");
        try
        {
            await network.BuildAsync(cancellationToken).ConfigureAwait(false);
            return network;
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes namespaces with <paramref name="namePrefix"/> left behind by drills whose process no longer exists.</summary>
    public static async Task RemoveStaleAsync(string namePrefix, CancellationToken cancellationToken)
    {
        // The pid ends at the dash: a hex instance id that starts with digits must not be read as part of it (it made a
        // running drill's namespaces look stale to a second drill, which then killed its Redis and nodes).
        var staleName = new Regex($"^{Regex.Escape(namePrefix)}(\\d+)-[a-z0-9]+-", RegexOptions.CultureInvariant);
        var list = await CommandRunner.RunWithOutputAsync("ip", ["netns", "list"], CommandTimeout, cancellationToken).ConfigureAwait(false);
        foreach (var line in list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            var match = staleName.Match(name);
            if (match.Success && !Directory.Exists($"/proc/{int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)}"))
            {
                // Processes a killed drill left behind (media nodes, redis) still run in it: end them first.
                var pids = await CommandRunner.RunWithOutputAsync("ip", ["netns", "pids", name], CommandTimeout, cancellationToken).ConfigureAwait(false);
                foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    ProcessSignals.Send(int.Parse(pid, CultureInfo.InvariantCulture), ProcessSignals.Kill);
                }

                await CommandRunner.RunAsync("ip", ["netns", "del", name], CommandTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes the peer link down on both ends (heartbeats stop; LAN and Redis stay up).</summary>
    public async Task CutPeerLinkAsync(CancellationToken cancellationToken)
    {
        await IpAsync(cancellationToken, "-n", NodeA, "link", "set", PeerDevice, "down").ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", NodeB, "link", "set", PeerDevice, "down").ConfigureAwait(false);
    }

    /// <summary>Brings the peer link back.</summary>
    public async Task RestorePeerLinkAsync(CancellationToken cancellationToken)
    {
        await IpAsync(cancellationToken, "-n", NodeA, "link", "set", PeerDevice, "up").ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", NodeB, "link", "set", PeerDevice, "up").ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="namespaceName"/> has the floating address on its LAN device.</summary>
    public async Task<bool> HasFloatingAddressAsync(string namespaceName, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunWithOutputAsync("ip", ["-n", namespaceName, "-o", "addr", "show", "dev", LanDevice], CommandTimeout, cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Contains($" {DrillAddresses.Floating}/", StringComparison.Ordinal);
    }

    /// <summary>Deletes every namespace of this drill (their veth pairs and bridge go with them).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var name in All)
        {
            await CommandRunner.RunAsync("ip", ["netns", "del", name], CommandTimeout, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the namespaces synchronously (from a signal handler or process-exit hook).</summary>
    public void DisposeNow() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static async Task IpAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await CommandRunner.RunAsync("ip", arguments, CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        foreach (var name in All)
        {
            await IpAsync(cancellationToken, "netns", "add", name).ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", name, "link", "set", "lo", "up").ConfigureAwait(false);
        }

        await IpAsync(cancellationToken, "-n", Switch, "link", "add", "br0", "type", "bridge").ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", Switch, "link", "set", "br0", "up").ConfigureAwait(false);
        var hosts = new (string Namespace, string Port, System.Net.IPAddress Address)[]
        {
            (Caller, "pc", DrillAddresses.Caller),
            (Callee, "pe", DrillAddresses.Callee),
            (NodeA, "pa", DrillAddresses.NodeA),
            (NodeB, "pb", DrillAddresses.NodeB),
            (Redis, "pr", DrillAddresses.Redis),
        };
        foreach (var (ns, port, address) in hosts)
        {
            await IpAsync(cancellationToken, "link", "add", LanDevice, "netns", ns, "type", "veth", "peer", "name", port, "netns", Switch).ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", Switch, "link", "set", port, "master", "br0").ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", Switch, "link", "set", port, "up").ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", ns, "addr", "add", $"{address}/{DrillAddresses.LanPrefixLength}", "dev", LanDevice).ConfigureAwait(false);
            await IpAsync(cancellationToken, "-n", ns, "link", "set", LanDevice, "up").ConfigureAwait(false);
        }

        await IpAsync(cancellationToken, "link", "add", PeerDevice, "netns", NodeA, "type", "veth", "peer", "name", PeerDevice, "netns", NodeB).ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", NodeA, "addr", "add", $"{DrillAddresses.PeerLinkA}/30", "dev", PeerDevice).ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", NodeB, "addr", "add", $"{DrillAddresses.PeerLinkB}/30", "dev", PeerDevice).ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", NodeA, "link", "set", PeerDevice, "up").ConfigureAwait(false);
        await IpAsync(cancellationToken, "-n", NodeB, "link", "set", PeerDevice, "up").ConfigureAwait(false);
    }
}
