using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>
/// A running SBC pair in namespaces with no route out: a SIP caller host, a SIP callee host (the upstream), SBC node A
/// and node B — each running Kamailio with the rendered configuration and media-node with the CDK's command line — and
/// Redis reachable from both; the floating address starts on A. Used by the SBC drill and its chaos tests. Disposing
/// kills every process and deletes every namespace.
/// </summary>
public sealed class SbcEnvironment : IAsyncDisposable
{
    /// <summary>Prefix of every namespace the SBC drill creates (never the media drill's).</summary>
    public const string NamePrefix = "rtsbc";

    /// <summary>The SIP port of both user agents.</summary>
    public const int UserAgentSipPort = 5060;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private readonly SbcDrillSettings _settings;
    private readonly TextWriter _progress;
    private readonly string _keyFile;
    private readonly List<IAsyncDisposable> _owned = [];
    private int _started;

    private SbcEnvironment(SbcDrillSettings settings, DrillNetwork network, TextWriter progress)
    {
        _settings = settings;
        Network = network;
        _progress = progress;
        _keyFile = DrillKeyFile.Create(settings.WorkDirectory);
        // media-node serves its metrics on loopback, as on a deployed node: read from inside the node's namespace.
        var metrics = new IPEndPoint(IPAddress.Loopback, SbcPorts.MediaNodeHttp);
        A = new SbcNode('a', network.NodeA, DrillAddresses.NodeA, DrillAddresses.NodeB, DrillAddresses.PeerLinkA, DrillAddresses.PeerLinkB, new NodeProbe(network.NodeA, metrics));
        B = new SbcNode('b', network.NodeB, DrillAddresses.NodeB, DrillAddresses.NodeA, DrillAddresses.PeerLinkB, DrillAddresses.PeerLinkA, new NodeProbe(network.NodeB, metrics));
    }

    /// <summary>The namespaces and links.</summary>
    public DrillNetwork Network { get; }

    /// <summary>Node A (starts active, holding the floating address).</summary>
    public SbcNode A { get; }

    /// <summary>Node B (starts standby).</summary>
    public SbcNode B { get; }

    /// <summary>The settings the pair runs with.</summary>
    public SbcDrillSettings Settings => _settings;

    /// <summary>Where the SBC answers SIP: the floating address.</summary>
    public static IPEndPoint SipTarget => new(DrillAddresses.Floating, SbcPorts.Sip);

    /// <summary>Builds the network, starts Redis, node A (until active) and node B (until standby), each with its Kamailio.</summary>
    public static async Task<SbcEnvironment> StartAsync(SbcDrillSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        await DrillNetwork.RemoveStaleAsync(NamePrefix, cancellationToken).ConfigureAwait(false);
        var network = await DrillNetwork.CreateAsync(NamePrefix, RandomNumberGenerator.GetHexString(4, lowercase: true), cancellationToken).ConfigureAwait(false);
        var environment = new SbcEnvironment(settings, network, progress);
        try
        {
            await environment.StartRedisAsync(cancellationToken).ConfigureAwait(false);
            await environment.StartNodeAsync(environment.A, "active", cancellationToken).ConfigureAwait(false);
            await environment.StartNodeAsync(environment.B, "standby", cancellationToken).ConfigureAwait(false);
            progress.WriteLine($"SBC pair up: node A active on {DrillAddresses.Floating}, node B standby, Kamailio on both (namespaces {network.Prefix}-*)");
            return environment;
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts (or restarts) <paramref name="node"/>'s media-node and Kamailio and waits for the media-node to report <paramref name="role"/> and Kamailio to answer.</summary>
    public async Task StartNodeAsync(SbcNode node, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var generation = Interlocked.Increment(ref _started);
        string[] nice = ["nice", "-n", "-5"];
        var mediaConfig = Path.Combine(_settings.WorkDirectory, $"media-node-{node.Name}.conf");
        var launch = SbcNodeSetup.MediaNode(_settings, mediaConfig, _keyFile);
        await File.WriteAllTextAsync(mediaConfig, launch.ConfigFileText, cancellationToken).ConfigureAwait(false);
        node.MediaNode = Own(NamespacedProcess.Start(
            $"media-node-{node.Name}-{generation}",
            node.Namespace,
            [.. nice, .. _settings.MediaNodeCommand, .. SbcNodeSetup.LocalArguments(launch, node, _settings.ExtraNodeArguments)],
            _settings.WorkDirectory));
        await WaitForRoleAsync(node, role, cancellationToken).ConfigureAwait(false);

        var runDirectory = Directory.CreateDirectory(Path.Combine(_settings.WorkDirectory, $"kamailio-{node.Name}-{generation}")).FullName;
        var dispatcherFile = Path.Combine(_settings.WorkDirectory, $"dispatcher-{node.Name}.list");
        var kamailioSettings = SbcNodeSetup.Kamailio(node, _settings.DialogTimeout, dispatcherFile, runDirectory);
        if (_settings.EarlyDialogTimeout is { } early)
        {
            kamailioSettings = kamailioSettings with { EarlyDialogTimeoutSeconds = (int)early.TotalSeconds };
        }

        node.ControlSocket = kamailioSettings.ControlSocket;
        var kamailio = KamailioConfig.Render(kamailioSettings);
        var config = Path.Combine(_settings.WorkDirectory, $"kamailio-{node.Name}.cfg");
        await File.WriteAllTextAsync(config, kamailio.Text, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(dispatcherFile, kamailio.DispatcherList, cancellationToken).ConfigureAwait(false);
        node.Kamailio = Own(NamespacedProcess.Start(
            $"kamailio-{node.Name}-{generation}",
            node.Namespace,
            [.. nice, "kamailio", "-DD", "-E", "-f", config, "-P", Path.Combine(runDirectory, "kamailio.pid"), "-Y", runDirectory],
            _settings.WorkDirectory));
        await WaitForKamailioAsync(node, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGKILL of the node's Kamailio (every one of its processes) and its media-node: the node dies with no cleanup.</summary>
    public async Task KillNodeAsync(SbcNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (var pid in await PidsAsync(node.Namespace, "kamailio", cancellationToken).ConfigureAwait(false))
        {
            ProcessSignals.Send(pid, ProcessSignals.Kill);
        }

        node.MediaNode?.Signal(ProcessSignals.Kill);
        if (node.Kamailio is { } kamailio)
        {
            await kamailio.WaitForExitAsync(CommandTimeout).ConfigureAwait(false);
        }

        if (node.MediaNode is { } mediaNode)
        {
            await mediaNode.WaitForExitAsync(CommandTimeout).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the callee user agent (the upstream) with <paramref name="scenario"/>; it answers until disposed.</summary>
    /// <param name="scenario">Scenario file name.</param>
    /// <param name="arguments">Further -key values of the scenario (none by default).</param>
    /// <param name="name">Short name for the log files.</param>
    public SippRun StartCallee(string scenario, IReadOnlyList<string>? arguments = null, string name = "callee") => Own(SippRun.Start(
        name,
        Network.Callee,
        scenario,
        new IPEndPoint(DrillAddresses.Callee, UserAgentSipPort),
        ["-aa", "-key", "rtp_ip", DrillAddresses.Callee.ToString(), "-key", "rtp_port", DrillAddresses.UserAgentRtpPort.ToString(CultureInfo.InvariantCulture), .. arguments ?? []],
        _settings.WorkDirectory));

    /// <summary>Starts the caller user agent with <paramref name="scenario"/>, aimed at the floating address.</summary>
    /// <param name="scenario">Scenario file name.</param>
    /// <param name="arguments">Rates, counts, pauses and -key values of this run.</param>
    /// <param name="name">Short name for the log files.</param>
    public SippRun StartCaller(string scenario, IReadOnlyList<string> arguments, string name = "caller") => Own(SippRun.Start(
        name,
        Network.Caller,
        scenario,
        new IPEndPoint(DrillAddresses.Caller, UserAgentSipPort),
        [SipTarget.ToString(), "-key", "rtp_ip", DrillAddresses.Caller.ToString(), "-key", "rtp_port", DrillAddresses.UserAgentRtpPort.ToString(CultureInfo.InvariantCulture), .. arguments],
        _settings.WorkDirectory));

    /// <summary>Call keys left in Redis (the lease and other bookkeeping keys are not calls).</summary>
    public async Task<int> CallKeysAsync(CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunWithOutputAsync(
            "ip",
            ["netns", "exec", Network.Redis, "redis-cli", "-h", DrillAddresses.Redis.ToString(), "-p", DrillAddresses.RedisPort.ToString(CultureInfo.InvariantCulture), "--scan", "--pattern", SbcNodeSetup.KeyPrefix + "call:*"],
            CommandTimeout,
            cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length
            : throw new InvalidOperationException($"redis-cli --scan failed: {result.StandardError}");
    }

    /// <summary>UDP media ports bound on the floating address in <paramref name="node"/>'s namespace.</summary>
    public async Task<int> BoundMediaPortsAsync(SbcNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var result = await CommandRunner.RunWithOutputAsync("ip", ["netns", "exec", node.Namespace, "ss", "-H", "-u", "-a", "-n"], CommandTimeout, cancellationToken).ConfigureAwait(false);
        var bound = 0;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var local = columns.FirstOrDefault(c => c.StartsWith(DrillAddresses.Floating + ":", StringComparison.Ordinal));
            if (local is not null && int.TryParse(local.AsSpan(local.LastIndexOf(':') + 1), CultureInfo.InvariantCulture, out var port)
                && port >= _settings.PortMin && port <= _settings.PortMax)
            {
                bound++;
            }
        }

        return bound;
    }

    /// <summary>How many dialogs <paramref name="node"/>'s Kamailio holds (<c>kamcmd dlg.list</c>).</summary>
    public async Task<int> DialogsAsync(SbcNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var socket = node.ControlSocket ?? throw new InvalidOperationException($"node {node.Name} has no Kamailio");
        var result = await CommandRunner.RunWithOutputAsync("ip", ["netns", "exec", node.Namespace, "kamcmd", "-s", socket, "dlg.list"], CommandTimeout, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.StandardOutput.Split('\n').Count(line => line.TrimStart().StartsWith("h_entry:", StringComparison.Ordinal))
            : throw new InvalidOperationException($"kamcmd dlg.list failed: {result.StandardError}");
    }

    /// <summary>True when <paramref name="node"/> holds the floating address.</summary>
    public Task<bool> HoldsFloatingAddressAsync(SbcNode node, CancellationToken cancellationToken) =>
        Network.HasFloatingAddressAsync(node.Namespace, cancellationToken);

    /// <summary>Drops DMQ between the nodes (both directions, nothing else) with an nftables table in node A's namespace.</summary>
    public async Task CutDmqAsync(CancellationToken cancellationToken)
    {
        var port = SbcPorts.Dmq.ToString(CultureInfo.InvariantCulture);
        var peer = DrillAddresses.NodeB;
        var rules = $$"""
            table inet {{NamePrefix}}_dmq_cut {
              chain input { type filter hook input priority 0; ip saddr {{peer}} udp dport {{port}} drop; ip saddr {{peer}} udp sport {{port}} drop; }
              chain output { type filter hook output priority 0; ip daddr {{peer}} udp dport {{port}} drop; ip daddr {{peer}} udp sport {{port}} drop; }
            }
            """;
        var file = Path.Combine(_settings.WorkDirectory, "dmq-cut.nft");
        await File.WriteAllTextAsync(file, rules, cancellationToken).ConfigureAwait(false);
        await RunAsync(cancellationToken, "ip", "netns", "exec", A.Namespace, "nft", "-f", file).ConfigureAwait(false);
    }

    /// <summary>Removes the DMQ cut.</summary>
    public Task HealDmqAsync(CancellationToken cancellationToken) =>
        RunAsync(cancellationToken, "ip", "netns", "exec", A.Namespace, "nft", "delete", "table", "inet", $"{NamePrefix}_dmq_cut");

    /// <summary>Waits until the media-node of <paramref name="node"/> reports <paramref name="role"/>; fails with its log tail if it exits or times out.</summary>
    public async Task WaitForRoleAsync(SbcNode node, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var process = node.MediaNode ?? throw new InvalidOperationException($"node {node.Name} has no media-node");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited while waiting for it to become {role}:\n{process.Tail()}");
            }

            if (await node.Probe.RoleAsync(cancellationToken).ConfigureAwait(false) == role)
            {
                return;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{process.Name} did not become {role} within {StartTimeout.TotalSeconds} s:\n{process.Tail()}");
    }

    /// <summary>Kills every process and deletes every namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().ConfigureAwait(false);
        }

        foreach (var node in new[] { A, B })
        {
            // Kamailio's children outlive its main process when that one is killed: end whatever still runs there.
            foreach (var pid in await PidsAsync(node.Namespace, null, CancellationToken.None).ConfigureAwait(false))
            {
                ProcessSignals.Send(pid, ProcessSignals.Kill);
            }
        }

        await Network.DisposeAsync().ConfigureAwait(false);
        File.Delete(_keyFile);
    }

    private static async Task<IReadOnlyList<int>> PidsAsync(string namespaceName, string? command, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunWithOutputAsync("ip", ["netns", "pids", namespaceName], CommandTimeout, cancellationToken).ConfigureAwait(false);
        var pids = new List<int>();
        foreach (var text in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var pid = int.Parse(text, CultureInfo.InvariantCulture);
            if (command is null || ReadCommand(pid) == command)
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    private static string? ReadCommand(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task RunAsync(CancellationToken cancellationToken, string program, params string[] arguments)
    {
        var result = await CommandRunner.RunAsync(program, arguments, CommandTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private async Task WaitForKamailioAsync(SbcNode node, CancellationToken cancellationToken)
    {
        // Ready when its SIP socket on the floating address (bound without owning it, on the standby) and its DMQ socket
        // on the node's own address are bound: requests arriving before its workers run wait in those sockets.
        var process = node.Kamailio!;
        string[] sockets = [$"{DrillAddresses.Floating}:{SbcPorts.Sip}", $"{node.Address}:{SbcPorts.Dmq}"];
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up:\n{process.Tail()}");
            }

            var listening = await CommandRunner.RunWithOutputAsync("ip", ["netns", "exec", node.Namespace, "ss", "-H", "-u", "-l", "-n", "-p"], CommandTimeout, cancellationToken).ConfigureAwait(false);
            var lines = listening.StandardOutput.Split('\n');
            if (sockets.All(socket => lines.Any(line => line.Contains(" " + socket + " ", StringComparison.Ordinal) && line.Contains("\"kamailio\"", StringComparison.Ordinal))))
            {
                return;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{process.Name} did not bind its SIP and DMQ sockets within {StartTimeout.TotalSeconds} s:\n{process.Tail()}");
    }

    private async Task StartRedisAsync(CancellationToken cancellationToken) =>
        Own(await DrillRedis.StartAsync(Network, "redis", _settings.WorkDirectory, cancellationToken).ConfigureAwait(false));
}
