using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RtcOnAws.MediaNode.HighAvailability.Takeover;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>
/// A running HA pair in namespaces: the network, Redis, node A (active, holding the floating address) and node B
/// (standby), an ng client, and the two user agents' RTP endpoints once calls are set up. Used by the drill and by
/// the chaos tests. Disposing kills every process and deletes every namespace.
/// </summary>
public sealed class DrillEnvironment : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly DrillSettings _settings;
    private readonly TextWriter _progress;
    private readonly string _keyFile;
    private readonly List<NamespacedProcess> _processes = [];
    private readonly List<IDisposable> _disposables = [];

    private DrillEnvironment(DrillSettings settings, DrillNetwork network, TextWriter progress)
    {
        _settings = settings;
        Network = network;
        _progress = progress;
        _keyFile = DrillKeyFile.Create(settings.WorkDirectory);
        ProbeA = new NodeProbe(network.Caller, new IPEndPoint(DrillAddresses.NodeA, DrillAddresses.HttpPort));
        ProbeB = new NodeProbe(network.Caller, new IPEndPoint(DrillAddresses.NodeB, DrillAddresses.HttpPort));
    }

    /// <summary>The namespaces and links.</summary>
    public DrillNetwork Network { get; }

    /// <summary>The Redis server process.</summary>
    public NamespacedProcess? Redis { get; private set; }

    /// <summary>Node A's process (starts active).</summary>
    public NamespacedProcess? NodeA { get; private set; }

    /// <summary>Node B's process (starts standby).</summary>
    public NamespacedProcess? NodeB { get; private set; }

    /// <summary>Reads node A's metrics.</summary>
    public NodeProbe ProbeA { get; }

    /// <summary>Reads node B's metrics.</summary>
    public NodeProbe ProbeB { get; }

    /// <summary>The caller's RTP endpoint (after <see cref="SetupCallsAsync"/>).</summary>
    public RtpEndpoint? Caller { get; private set; }

    /// <summary>The callee's RTP endpoint (after <see cref="SetupCallsAsync"/>).</summary>
    public RtpEndpoint? Callee { get; private set; }

    /// <summary>Per call, the node's RTP port facing the caller and the one facing the callee.</summary>
    public IReadOnlyList<(int CallerSide, int CalleeSide)> CallPorts { get; private set; } = [];

    /// <summary>Call-ids of the calls set up.</summary>
    public IReadOnlyList<string> CallIds { get; private set; } = [];

    /// <summary>Builds the network, starts Redis, node A (waits until active) and node B (waits until standby).</summary>
    public static async Task<DrillEnvironment> StartAsync(DrillSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var environment = await StartBareAsync(settings, progress, cancellationToken).ConfigureAwait(false);
        try
        {
            environment.NodeA = environment.StartNode('a');
            await environment.WaitForRoleAsync(environment.ProbeA, environment.NodeA, "active", cancellationToken).ConfigureAwait(false);
            environment.NodeB = environment.StartNode('b');
            await environment.WaitForRoleAsync(environment.ProbeB, environment.NodeB, "standby", cancellationToken).ConfigureAwait(false);
            progress.WriteLine($"pair up: node A active on {DrillAddresses.Floating}, node B standby (namespaces {environment.Network.Prefix}-*)");
            return environment;
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Builds the network and starts Redis only (no nodes), e.g. to measure a cold restore.</summary>
    public static async Task<DrillEnvironment> StartBareAsync(DrillSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await DrillNetwork.RemoveStaleAsync(DrillNetwork.NamePrefix, cancellationToken).ConfigureAwait(false);
        var network = await DrillNetwork.CreateAsync(DrillNetwork.NamePrefix, RandomNumberGenerator.GetHexString(4, lowercase: true), cancellationToken).ConfigureAwait(false);
        var environment = new DrillEnvironment(settings, network, progress);
        try
        {
            await environment.StartRedisAsync(cancellationToken).ConfigureAwait(false);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes values straight into Redis (redis-cli --pipe inside the Redis namespace), as an active would have.</summary>
    public async Task LoadRedisAsync(IEnumerable<KeyValuePair<string, byte[]>> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var file = Path.Combine(_settings.WorkDirectory, "load.resp");
        await using (var output = File.Create(file))
        {
            foreach (var (key, value) in values)
            {
                var keyBytes = System.Text.Encoding.UTF8.GetBytes(key);
                await output.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n${keyBytes.Length}\r\n"), cancellationToken).ConfigureAwait(false);
                await output.WriteAsync(keyBytes, cancellationToken).ConfigureAwait(false);
                await output.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"\r\n${value.Length}\r\n"), cancellationToken).ConfigureAwait(false);
                await output.WriteAsync(value, cancellationToken).ConfigureAwait(false);
                await output.WriteAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }

        var result = await CommandRunner.RunWithOutputAsync(
            "bash",
            ["-c", $"ip netns exec {Network.Redis} redis-cli -h {DrillAddresses.Redis} -p {DrillAddresses.RedisPort} --pipe < {file}"],
            TimeSpan.FromMinutes(2),
            cancellationToken).ConfigureAwait(false);
        File.Delete(file);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"loading Redis failed: {result.StandardOutput} {result.StandardError}");
        }
    }

    /// <summary>Starts (or restarts) node <paramref name="which"/> ('a' or 'b').</summary>
    public NamespacedProcess StartNode(char which)
    {
        var (ns, address, peerLink, peer) = which == 'a'
            ? (Network.NodeA, DrillAddresses.NodeA, DrillAddresses.PeerLinkA, DrillAddresses.PeerLinkB)
            : (Network.NodeB, DrillAddresses.NodeB, DrillAddresses.PeerLinkB, DrillAddresses.PeerLinkA);
        string[] arguments =
        [
            "--interface", DrillAddresses.Floating.ToString(),
            "--listen-ng", $"{address}:{DrillAddresses.NgPort}",
            "--listen-http", $"{address}:{DrillAddresses.HttpPort}",
            "--port-min", _settings.PortMin.ToString(CultureInfo.InvariantCulture),
            "--port-max", _settings.PortMax.ToString(CultureInfo.InvariantCulture),
            "--timeout", "600",
            "--num-threads", "1",
            "--log-format", "text",
            "--redis", $"{DrillAddresses.Redis}:{DrillAddresses.RedisPort}/0",
            "--redis-key-prefix", "drill:",
            "--ha-node-id", $"node-{which}",
            "--ha-peer", $"{peer}:{DrillAddresses.HeartbeatPort}",
            "--ha-heartbeat-listen", $"{peerLink}:{DrillAddresses.HeartbeatPort}",
            "--ha-heartbeat-key-file", _keyFile,
            "--ha-takeover", "local",
            "--ha-vip-device", DrillNetwork.LanDevice,
        ];
        // The nodes run ahead of the drill's own traffic generator, which shares the machine with them in the drill but
        // would not in production.
        string[] nice = ["nice", "-n", "-5"];
        var process = NamespacedProcess.Start($"node-{which}-{_processes.Count}", ns, [.. nice, .. _settings.MediaNodeCommand, .. arguments, .. _settings.ExtraNodeArguments], _settings.WorkDirectory);
        _processes.Add(process);
        if (which == 'a')
        {
            NodeA = process;
        }
        else
        {
            NodeB = process;
        }

        return process;
    }

    /// <summary>Kills and restarts Redis (empty, as without persistence).</summary>
    public async Task RestartRedisAsync(CancellationToken cancellationToken)
    {
        await StopRedisAsync().ConfigureAwait(false);
        await StartRedisAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills Redis (SIGKILL); <see cref="RestartRedisAsync"/> brings an empty one back.</summary>
    public async Task StopRedisAsync()
    {
        if (Redis is not null)
        {
            await Redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the node reports <paramref name="role"/>; fails with its log tail if it exits or times out.</summary>
    public async Task WaitForRoleAsync(NodeProbe probe, NamespacedProcess process, string role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(process);
        var watch = Stopwatch.StartNew();
        await WaitForNgAsync(probe == ProbeA ? DrillAddresses.NodeA : DrillAddresses.NodeB, process, cancellationToken).ConfigureAwait(false);
        while (watch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited while waiting for it to become {role}:\n{process.Tail()}");
            }

            if (await probe.RoleAsync(cancellationToken).ConfigureAwait(false) == role)
            {
                return;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{process.Name} did not become {role} within {StartTimeout.TotalSeconds} s:\n{process.Tail()}");
    }

    /// <summary>
    /// Waits until the node answers an ng ping. The daemon serves ng only after its HTTP listener started, and probing
    /// HTTP while that listener is starting can hit a race in HttpListener's start-up; a ping first avoids both.
    /// </summary>
    private async Task WaitForNgAsync(IPAddress node, NamespacedProcess process, CancellationToken cancellationToken)
    {
        using var ng = new NgClient(Network.Caller, new IPEndPoint(node, DrillAddresses.NgPort));
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up:\n{process.Tail()}");
            }

            try
            {
                await Task.Run(() => ng.Send(new JsonObject { ["command"] = "ping" }), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
                // not listening yet
            }
        }

        throw new TimeoutException($"{process.Name} did not answer ng ping within {StartTimeout.TotalSeconds} s:\n{process.Tail()}");
    }

    /// <summary>Waits until a metric of a node satisfies <paramref name="condition"/>.</summary>
    public static async Task<bool> WaitForSampleAsync(NodeProbe probe, string series, Func<double, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await probe.SampleAsync(series, cancellationToken).ConfigureAwait(false) is { } value && condition(value))
            {
                return true;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>
    /// Sets up <paramref name="calls"/> calls through the ng protocol on node A (offer from the caller, answer from the
    /// callee) and creates the user agents' RTP endpoints aimed at the ports in the rewritten SDPs.
    /// </summary>
    public async Task SetupCallsAsync(int calls, CancellationToken cancellationToken)
    {
        using var ng = new NgClient(Network.Caller, new IPEndPoint(DrillAddresses.NodeA, DrillAddresses.NgPort));
        var callerTargets = new IPEndPoint[calls];
        var calleeTargets = new IPEndPoint[calls];
        var ids = new string[calls];
        var offerSdp = NgClient.Sdp(DrillAddresses.Caller, DrillAddresses.UserAgentRtpPort);
        var answerSdp = NgClient.Sdp(DrillAddresses.Callee, DrillAddresses.UserAgentRtpPort);
        await Task.Run(
            () =>
            {
                for (var i = 0; i < calls; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ids[i] = $"drill-{i}@{Network.Prefix}";
                    var offer = ng.Send(new JsonObject { ["command"] = "offer", ["call-id"] = ids[i], ["from-tag"] = $"caller-{i}", ["sdp"] = offerSdp });
                    var answer = ng.Send(new JsonObject { ["command"] = "answer", ["call-id"] = ids[i], ["from-tag"] = $"caller-{i}", ["to-tag"] = $"callee-{i}", ["sdp"] = answerSdp });
                    calleeTargets[i] = new IPEndPoint(DrillAddresses.Floating, NgClient.MediaPort((string)offer["sdp"]!));
                    callerTargets[i] = new IPEndPoint(DrillAddresses.Floating, NgClient.MediaPort((string)answer["sdp"]!));
                }
            },
            cancellationToken).ConfigureAwait(false);
        CallIds = ids;
        CallPorts = [.. callerTargets.Zip(calleeTargets, (caller, callee) => (caller.Port, callee.Port))];
        Caller = new RtpEndpoint(Network.Caller, new IPEndPoint(DrillAddresses.Caller, DrillAddresses.UserAgentRtpPort), 0, calls);
        Callee = new RtpEndpoint(Network.Callee, new IPEndPoint(DrillAddresses.Callee, DrillAddresses.UserAgentRtpPort), 1, calls);
        _disposables.Add(Caller);
        _disposables.Add(Callee);
        Caller.SetTargets(callerTargets);
        Callee.SetTargets(calleeTargets);
        Caller.StartReceiving();
        Callee.StartReceiving();
        _progress.WriteLine($"{calls} calls set up through ng on node A");
    }

    /// <summary>Sends an ng <c>delete</c> for call <paramref name="index"/> to the node at <paramref name="ngAddress"/>.</summary>
    public void DeleteCall(int index, IPAddress ngAddress)
    {
        using var ng = new NgClient(Network.Caller, new IPEndPoint(ngAddress, DrillAddresses.NgPort));
        ng.Send(new JsonObject { ["command"] = "delete", ["call-id"] = CallIds[index], ["from-tag"] = $"caller-{index}" });
    }

    /// <summary>Starts both user agents streaming (bounded by <paramref name="limit"/>).</summary>
    public void StartStreaming(TimeSpan limit)
    {
        Caller!.StartSending(limit);
        Callee!.StartSending(limit);
    }

    /// <summary>Marks the instant (e.g. the kill) whose spanning silence every call reports.</summary>
    public void Mark(long timestamp)
    {
        Caller!.MarkAt = timestamp;
        Callee!.MarkAt = timestamp;
    }

    /// <summary>Stops streaming, lets in-flight packets arrive, and evaluates every call.</summary>
    public async Task<DrillReport> StopStreamingAsync(double failoverMs)
    {
        Caller!.StopSending();
        Callee!.StopSending();
        await Task.Delay(300).ConfigureAwait(false);
        var results = new DrillCallResult[CallIds.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = DrillCallResult.Measure(Caller, Callee, i);
        }

        return new DrillReport(results, failoverMs);
    }

    /// <summary>True when nothing is bound on <paramref name="port"/> of the floating address in the node's namespace.</summary>
    public bool IsPortFreeOn(string namespaceName, int port) => NetworkNamespace.Run(namespaceName, () =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetRawSocketOption(0 /* SOL_IP */, 15 /* IP_FREEBIND */, BitConverter.GetBytes(1));
        try
        {
            socket.Bind(new IPEndPoint(DrillAddresses.Floating, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    });

    /// <summary>Kills every process and deletes every namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        await Network.DisposeAsync().ConfigureAwait(false);
        try
        {
            File.Delete(_keyFile);
        }
        catch (IOException)
        {
            // the work directory is the caller's
        }
    }

    private async Task StartRedisAsync(CancellationToken cancellationToken)
    {
        Redis = await DrillRedis.StartAsync(Network, $"redis-{_processes.Count}", _settings.WorkDirectory, cancellationToken).ConfigureAwait(false);
        _processes.Add(Redis);
    }
}
