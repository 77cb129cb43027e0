using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// <c>memory</c>: how much resident memory a call costs a relay, and where it goes. Per relay: starts it (in the
/// relay benchmark's topology with <c>--netns-relay</c>, else on loopback), carries warm-up calls through the whole
/// path (set up over ng, media both ways long enough to learn endpoints, install kernel entries with kernel forwarding,
/// and get the hot code recompiled optimized), so what a process pays once is not counted per call; then sets up calls in batches,
/// sends media on every stream, and after each batch samples RSS, RSS by kind of mapping (<see cref="ResidentBreakdown"/>)
/// and media-node's managed heap. Reports RSS added per call from the warm sample to the last batch (the issue's
/// measure: RSS delta at N calls) and between the last two batches (the slope: what one more call adds).
/// </summary>
internal static class MemoryCommand
{
    private const int NamespacedHttpPort = 22280;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        string output = arguments.Required("out");
        int calls = arguments.Int("calls", 500);
        int batches = Math.Max(1, arguments.Int("batches", 2));
        int warmUpCalls = Math.Max(1, arguments.Int("warmup-calls", 40));
        int seconds = Math.Max(1, arguments.Int("seconds", 3));
        int rate = Math.Max(1, arguments.Int("rate", 20));
        bool json = arguments.String("json", "false") == "true";
        var relays = arguments.String("relays", "media-node-kernel").Split(',');
        string? gcdump = arguments.String("gcdump", string.Empty) is { Length: > 0 } tool ? tool : null;
        if (calls < 1 || (calls * batches) + (2 * warmUpCalls) > 2400)
        {
            throw new ArgumentException("--calls x --batches must be 1..2400: a call takes two port pairs of 30000-39999 and rtpengine's 20000-29999.");
        }

        var network = BenchNetwork.From(arguments);
        var results = new List<RelayMemory>();
        foreach (var name in relays)
        {
            var (relay, metrics) = Create(name, arguments, network);
            await using (relay)
            {
                Console.WriteLine($"{relay.Name}: {calls * batches} calls in {batches} batches, {rate} pkt/s per stream");
                results.Add(await MeasureAsync(relay, metrics, network, calls, batches, warmUpCalls, seconds, rate, gcdump));
            }
        }

        string report = Render(results, network, warmUpCalls, rate, seconds, gcdump is not null);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"Wrote {output}");
        if (json)
        {
            var line = new Dictionary<string, object>(StringComparer.Ordinal) { ["calls"] = calls * batches };
            foreach (var (relay, _, samples, _) in results)
            {
                string key = relay.Replace(" ", "_", StringComparison.Ordinal).Replace("-", "_", StringComparison.Ordinal);
                line[$"{key}_kb_per_call"] = Math.Round(PerCall(samples[0], samples[^1], s => s.ResidentKiB), 2);
                line[$"{key}_marginal_kb_per_call"] = Math.Round(PerCall(samples[^2], samples[^1], s => s.ResidentKiB), 2);
            }

            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(line));
        }

        return 0;
    }

    private static (NgRelay Relay, Uri? Metrics) Create(string name, Arguments arguments, BenchNetwork network)
    {
        string address = network.RelayAddress.ToString();
        if (name == "rtpengine")
        {
            return (new NgRelay("rtpengine", arguments.String("rtpengine", "/usr/bin/rtpengine"), network, ngPort =>
            [
                "--config-file=none", "--table=-1", $"--interface={address}", $"--listen-ng={address}:{ngPort}",
                "--port-min=20000", "--port-max=29999", "--foreground", "--log-stderr", "--log-level=3",
                "--num-threads=1", "--timeout=600", "--delete-delay=0",
            ]), null);
        }

        string kernel = name switch
        {
            "media-node-kernel" => "on",
            "media-node" => "off",
            _ => throw new ArgumentException($"--relays takes media-node-kernel, media-node and rtpengine, not '{name}'."),
        };
        int httpPort = network.RelayNamespace is null ? FreeTcpPort() : NamespacedHttpPort;
        string daemon = arguments.Required("daemon");
        var relay = new NgRelay(kernel == "on" ? "media-node kernel" : "media-node", daemon, network, ngPort =>
        [
            "--interface", address, "--listen-ng", $"{address}:{ngPort}", "--listen-http", $"{address}:{httpPort}",
            "--port-min", "30000", "--port-max", "39999", "--num-threads", "1", "--timeout", "600", "--log-level", "warning",
            "--kernel-forwarding", kernel, "--relay-backend", arguments.String("relay-backend", "epoll"),
        ]);
        return (relay, new Uri($"http://{address}:{httpPort}/metrics"));
    }

    private static async Task<RelayMemory> MeasureAsync(NgRelay relay, Uri? metrics, BenchNetwork network, int calls, int batches, int warmUpCalls, int seconds, int rate, string? gcdump)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await relay.StartAsync(cancel.Token);
        var (forCaller, forCallee) = relay.Destinations(network);
        if (metrics is not null)
        {
            // The first scrape starts the daemon's HTTP listener: a one-time cost that is no call's.
            await http.GetStringAsync(metrics, cancel.Token);
        }

        // Warm-up calls are numbered after the measured ones, so no call-id is used twice. They stay up, unfed: nothing
        // they leave behind is reused by the measured calls. Two rounds a second apart: the runtime starts counting calls
        // for recompilation only once no new method was compiled for 100 ms, and recompiles a method after 30 counted calls.
        using var warmUp = new LoadGenerator(4 * warmUpCalls, network.CallerAddress, network.CalleeAddress);
        var warmUpReceiver = warmUp.StartReceiving();
        for (int round = 0; round < 2; round++)
        {
            int first = round * warmUpCalls;
            var warmUpPorts = await relay.SetUpCallsAsync(
                [.. Enumerable.Range(first, warmUpCalls).Select(i => warmUp.Ports[2 * i])],
                [.. Enumerable.Range(first, warmUpCalls).Select(i => warmUp.Ports[(2 * i) + 1])],
                (calls * batches) + first,
                cancel.Token);
            for (int i = 0; i < warmUpCalls; i++)
            {
                warmUp.SetDestination(2 * (first + i), forCaller, warmUpPorts[i].ForCaller);
                warmUp.SetDestination((2 * (first + i)) + 1, forCallee, warmUpPorts[i].ForCallee);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancel.Token);
        }

        await SendAsync([warmUp], rate, seconds, null, cancel.Token);
        warmUp.StopReceiving();
        warmUpReceiver.Join();
        Console.WriteLine($"  {2 * warmUpCalls} warm-up calls relayed {warmUp.Received}/{warmUp.Sent} packets");

        // The runtime recompiles methods called 30 times or more, optimized, in the background shortly after.
        await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token);
        var samples = new List<MemorySample> { await MemorySample.ReadAsync(relay.Pid, 0, http, metrics, cancel.Token) };
        bool dumps = gcdump is not null && metrics is not null;
        var typesBefore = dumps ? HeapTypes.Read(gcdump!, relay.Pid) : null;
        var generators = new List<(LoadGenerator Generator, Thread Receiver)>();
        try
        {
            for (int batch = 0; batch < batches; batch++)
            {
                var generator = new LoadGenerator(2 * calls, network.CallerAddress, network.CalleeAddress);
                generators.Add((generator, generator.StartReceiving()));
                var ports = await relay.SetUpCallsAsync(
                    [.. Enumerable.Range(0, calls).Select(i => generator.Ports[2 * i])],
                    [.. Enumerable.Range(0, calls).Select(i => generator.Ports[(2 * i) + 1])],
                    batch * calls,
                    cancel.Token);
                for (int i = 0; i < calls; i++)
                {
                    generator.SetDestination(2 * i, forCaller, ports[i].ForCaller);
                    generator.SetDestination((2 * i) + 1, forCallee, ports[i].ForCallee);
                }

                // Media on every call so far, as in the relay benchmark's window: RSS is read while it flows.
                int count = (batch + 1) * calls;
                var sample = await SendAsync([.. generators.Select(g => g.Generator)], rate, seconds, () => MemorySample.ReadAsync(relay.Pid, count, http, metrics, cancel.Token), cancel.Token);
                samples.Add(sample!);
                long sent = generators.Sum(g => g.Generator.Sent), received = generators.Sum(g => g.Generator.Received);
                Console.WriteLine($"  {count} calls: RSS {sample!.ResidentKiB / 1024.0:F1} MiB, {PerCall(samples[0], sample, s => s.ResidentKiB):F2} KiB/call since the warm-up, relayed {received}/{sent} packets");
            }

            var typesAfter = dumps ? HeapTypes.Read(gcdump!, relay.Pid) : null;
            return new RelayMemory(relay.Name, relay.CommandLine, samples, typesAfter is null ? null : PerCallByType(typesBefore!, typesAfter, calls * batches));
        }
        finally
        {
            foreach (var (generator, receiver) in generators)
            {
                generator.StopReceiving();
                receiver.Join();
                generator.Dispose();
            }
        }
    }

    /// <summary>Bytes of live objects per call by type, the types that grew most first.</summary>
    private static IReadOnlyList<(string Type, double BytesPerCall)> PerCallByType(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, int calls) =>
        [.. after.Keys.Union(before.Keys)
            .Select(type => (type, (after.GetValueOrDefault(type) - before.GetValueOrDefault(type)) / (double)calls))
            .OrderByDescending(row => Math.Abs(row.Item2))];

    /// <summary>
    /// Every generator sends <paramref name="rate"/> packets per second per stream for <paramref name="seconds"/>;
    /// <paramref name="read"/>, if given, samples the relay half a second before the end, with media still flowing.
    /// </summary>
    private static async Task<MemorySample?> SendAsync(List<LoadGenerator> generators, int rate, int seconds, Func<Task<MemorySample>>? read, CancellationToken cancellationToken)
    {
        long until = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var senders = generators.Select(g =>
        {
            double total = (double)rate * g.Ports.Length;
            var thread = new Thread(() => g.Send(total, until, (long)(total * seconds * 1.05) + 1)) { IsBackground = true, Name = "memory-sender" };
            thread.Start();
            return thread;
        }).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(seconds - 0.5), cancellationToken);
        var sample = read is null ? null : await read();
        foreach (var sender in senders)
        {
            await Task.Run(sender.Join, cancellationToken);
        }

        // Stragglers still in flight are counted before the caller reads the totals.
        await Task.Delay(200, cancellationToken);
        return sample;
    }

    private static double PerCall(MemorySample before, MemorySample after, Func<MemorySample, double> kib) =>
        (kib(after) - kib(before)) / (after.Calls - before.Calls);

    private static string Render(List<RelayMemory> results, BenchNetwork network, int warmUpCalls, int rate, int seconds, bool gcdump)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Relay memory per call (`bench/relay-memory.sh`)");
        text.AppendLine();
        text.AppendLine(culture, $"Generated by `bench/relay-memory.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (memory does not depend on the machine's load).");
        text.AppendLine();
        text.AppendLine("## Method");
        text.AppendLine();
        text.AppendLine(culture, $"- Topology: {(network.RelayNamespace is null ? "everything on 127.0.0.1" : $"the relay benchmark's (relay in its own network namespace on {network.RelayAddress}, user agents on {network.CallerAddress} and {network.CalleeAddress} behind a veth), so media-node's kernel path really forwards")}. One relay thread each.");
        text.AppendLine(culture, $"- **Warm-up**: twice {warmUpCalls} calls set up over ng a second apart, then media both ways on all of them for {seconds} s (with kernel forwarding: endpoints learned, kernel entries installed), then left up without media; the first sample (0 calls) 2 s later. So what a process pays once, whatever its number of calls, is not divided among the measured calls: code compiled on first use and recompiled optimized once called 30 times (by the runtime's tiering, in the background), the scratch memory of those compilations that the native allocator keeps, thread stacks and pools the first calls make the process create, the HTTP listener the scrapes need, the kernel path's first netlink transactions. The warm-up calls stay up so that nothing they free is reused by the measured calls.");
        text.AppendLine(culture, $"- Then calls in batches, set up over ng with offer/answer like the relay benchmark; {rate} pkt/s of 172-byte RTP on every stream of every call so far for {seconds} s after each batch; the sample is taken half a second before that media stops.");
        text.AppendLine("- **KiB/call since the warm-up** = (RSS at N calls − RSS at 0) / N: the issue's measure (RSS delta at N calls). **KiB/call, slope** = the same between the last two batches: what one more call adds once everything per process exists. RSS from `/proc/PID/status` (VmRSS; kernel socket buffers are not in it).");
        text.AppendLine("- By kind of mapping (`/proc/PID/smaps`): the GC's regions are the one anonymous reservation of GiBs; a thread's stack is the mapping its stack pointer is in; glibc malloc arenas are 64 MiB-aligned runs of 64 MiB (plus `[heap]`); JIT code and the runtime's loader heaps are in `memfd:doublemapper`, mapped twice (writable and executable) and counted in RSS once per mapping. media-node's managed heap from its `/metrics` (`dotnet_gc_*`, as of the last GC): live = heap minus its free space.");
        if (gcdump)
        {
            text.AppendLine("- With `--gcdump`: `dotnet-gcdump report` of media-node at 0 calls and at the last batch (each forces a full collection first, so the RSS rows of such a run are not the benchmark's), live bytes per call by type.");
        }

        foreach (var (relay, commandLine, samples, types) in results)
        {
            text.AppendLine();
            text.AppendLine(culture, $"## {relay}");
            text.AppendLine();
            text.AppendLine(culture, $"`{commandLine}`");
            text.AppendLine();
            var first = samples[0];
            var last = samples[^1];
            var previous = samples[^2];
            text.AppendLine(culture, $"| resident memory | at 0 calls (warm), MiB | at {last.Calls} calls, MiB | KiB/call since the warm-up ({first.Calls} → {last.Calls}) | KiB/call, slope ({previous.Calls} → {last.Calls}) |");
            text.AppendLine("|---|---:|---:|---:|---:|");
            void Row(string name, Func<MemorySample, double> kib) => text.AppendLine(culture,
                $"| {name} | {kib(first) / 1024:F1} | {kib(last) / 1024:F1} | {PerCall(first, last, kib):F2} | {PerCall(previous, last, kib):F2} |");
            Row("**RSS (VmRSS)**", s => s.ResidentKiB);
            foreach (var kind in ResidentBreakdown.Kinds)
            {
                Row(kind, s => s.Mappings[kind]);
            }

            if (samples.TrueForAll(s => s.Heap is not null))
            {
                Row("of the GC heap: committed by the GC", s => s.Heap!.CommittedBytes / 1024);
                Row("of that: live managed objects at the last GC", s => s.Heap!.LiveBytes / 1024);
                Row("garbage allocated (signalling churn, cumulative)", s => s.Heap!.AllocatedBytes / 1024);
                text.AppendLine();
                text.AppendLine(culture, $"GC collections from 0 to {last.Calls} calls: {last.Heap!.Collections - first.Heap!.Collections:F0}.");
            }

            if (types is not null)
            {
                text.AppendLine();
                text.AppendLine(culture, $"Live managed objects per call by type (gcdump at 0 and at {last.Calls} calls): {types.Sum(t => t.BytesPerCall):F0} bytes per call in all.");
                text.AppendLine();
                text.AppendLine("| type | bytes per call |");
                text.AppendLine("|---|---:|");
                foreach (var (type, bytesPerCall) in types.Take(25))
                {
                    text.AppendLine(culture, $"| `{type}` | {bytesPerCall:F0} |");
                }
            }
        }

        return text.ToString();
    }

    private sealed record RelayMemory(string Relay, string CommandLine, List<MemorySample> Samples, IReadOnlyList<(string Type, double BytesPerCall)>? Types);

    private static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
