using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// <c>memory</c>: where the media-node daemon's resident memory per call goes. Starts the daemon on loopback, then in
/// batches sets up calls over ng (offer/answer, like <c>compare</c>), sends a few packets on every stream so each
/// learns its endpoint, and samples RSS and the managed heap after each batch. The first batch is the issue's
/// measure (RSS after N calls minus RSS before any); later batches show the marginal cost once code is warm. Memory
/// is not timing-sensitive: this needs no quiet machine.
/// </summary>
internal static class MemoryCommand
{
    private const int PacketsPerStream = 5;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        string daemon = arguments.Required("daemon");
        string output = arguments.Required("out");
        int calls = arguments.Int("calls", 1000);
        int batches = Math.Max(1, arguments.Int("batches", 2));
        string kernel = arguments.String("kernel-forwarding", "off");
        string backend = arguments.String("relay-backend", "epoll");
        bool json = arguments.String("json", "false") == "true";
        if (calls < 1 || calls * batches * 2 > 5000)
        {
            throw new ArgumentException("--calls x --batches must be 1..2500: each call takes two port pairs of 30000-39999.");
        }

        var network = new BenchNetwork(null, IPAddress.Loopback, IPAddress.Loopback, IPAddress.Loopback);
        int httpPort = FreeTcpPort();
        var metrics = new Uri($"http://127.0.0.1:{httpPort}/metrics");
        await using var relay = new NgRelay("media-node", daemon, network, ngPort =>
        [
            "--interface", "127.0.0.1", "--listen-ng", $"127.0.0.1:{ngPort}", "--listen-http", $"127.0.0.1:{httpPort}",
            "--port-min", "30000", "--port-max", "39999", "--num-threads", "1", "--timeout", "600", "--log-level", "warning",
            "--kernel-forwarding", kernel, "--relay-backend", backend,
        ]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await relay.StartAsync(cancel.Token);
        // The first scrape starts the daemon's HTTP listener: a one-time cost that is no call's.
        await http.GetStringAsync(metrics, cancel.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), cancel.Token);
        var samples = new List<MemorySample> { await MemorySample.ReadAsync(relay.Pid, 0, http, metrics, cancel.Token) };
        var generators = new List<LoadGenerator>();
        try
        {
            for (int batch = 0; batch < batches; batch++)
            {
                var generator = new LoadGenerator(2 * calls, IPAddress.Loopback, IPAddress.Loopback);
                generators.Add(generator);
                var ports = await relay.SetUpCallsAsync(
                    [.. Enumerable.Range(0, calls).Select(i => generator.Ports[2 * i])],
                    [.. Enumerable.Range(0, calls).Select(i => generator.Ports[(2 * i) + 1])],
                    batch * calls,
                    cancel.Token);
                for (int i = 0; i < calls; i++)
                {
                    generator.SetDestination(2 * i, IPAddress.Loopback, ports[i].ForCaller);
                    generator.SetDestination((2 * i) + 1, IPAddress.Loopback, ports[i].ForCallee);
                }

                // A few packets per stream, paced: every stream learns its endpoint the way real media makes it.
                var receiver = generator.StartReceiving();
                generator.Send(20_000, Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency), 2L * calls * PacketsPerStream);
                await Task.Delay(TimeSpan.FromSeconds(1), cancel.Token);
                generator.StopReceiving();
                receiver.Join();
                samples.Add(await MemorySample.ReadAsync(relay.Pid, (batch + 1) * calls, http, metrics, cancel.Token));
                var (previous, current) = (samples[^2], samples[^1]);
                Console.WriteLine(
                    $"{previous.Calls} -> {current.Calls} calls: {PerCallKiB(current.ResidentBytes - previous.ResidentBytes, calls):F1} KiB/call RSS, " +
                    $"relayed {generator.Received}/{generator.Sent} packets");
            }
        }
        finally
        {
            foreach (var generator in generators)
            {
                generator.Dispose();
            }
        }

        string report = Render(samples, calls, relay.CommandLine, kernel);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"Wrote {output}");
        if (json)
        {
            double first = PerCallKiB(samples[1].ResidentBytes - samples[0].ResidentBytes, calls);
            double last = PerCallKiB(samples[^1].ResidentBytes - samples[^2].ResidentBytes, calls);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"media_node_kb_per_call\":{first:F1},\"media_node_marginal_kb_per_call\":{last:F1},\"calls\":{calls}}}"));
        }

        return 0;
    }

    private static double PerCallKiB(double bytes, int calls) => bytes / 1024 / calls;

    private static string Render(List<MemorySample> samples, int calls, string commandLine, string kernel)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Relay memory per call: media-node (`bench/relay-memory.sh`)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Generated by `bench/relay-memory.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The daemon on loopback (`{commandLine}`, kernel forwarding {kernel}); calls set up over ng with offer/answer in batches of {calls}, then {PacketsPerStream} packets on every stream so each learns its endpoint; samples taken 1 s after each batch. RSS from `/proc/PID/status`; the managed heap from the daemon's `/metrics` (`dotnet_gc_*`, as of its last GC). The first row is the relay benchmark's measure (RSS after the calls minus RSS before any: it includes code compiled on first use); later rows are the marginal cost with warm code. Split per call: **live managed** = growth of the heap minus its free space at the last GC; **GC headroom** = growth of the GC's committed memory beyond that (allocation budget, free regions); **other** = the rest of RSS (JIT code, native runtime and libc heaps). Kernel socket buffers are not in RSS. GC pauses stop the relay loops too: the last column is what one collection costs them (the packet path allocates nothing, so collections happen only while calls are set up).");
        text.AppendLine();
        text.AppendLine("| calls | RSS MiB | RSS KiB/call | live managed KiB/call | GC headroom KiB/call | other KiB/call | allocated KiB/call (signalling churn) | GCs in batch | GC pause per GC, ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 1; i < samples.Count; i++)
        {
            var (before, after) = (samples[i - 1], samples[i]);
            double rss = PerCallKiB(after.ResidentBytes - before.ResidentBytes, calls);
            double live = PerCallKiB(after.LiveBytes - before.LiveBytes, calls);
            double committed = PerCallKiB(after.CommittedBytes - before.CommittedBytes, calls);
            // The heap figures are those of the last GC: without one in both samples there is nothing to split.
            string split = before.Collections == 0 || after.Collections == before.Collections
                ? "no GC yet | no GC yet | no GC yet"
                : string.Create(CultureInfo.InvariantCulture, $"{live:F1} | {committed - live:F1} | {rss - committed:F1}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {before.Calls} -> {after.Calls} | {after.ResidentBytes / 1048576.0:F1} | {rss:F1} | {split} | {PerCallKiB(after.AllocatedBytes - before.AllocatedBytes, calls):F1} | {after.Collections - before.Collections:F0} | {PauseMillisecondsPerGc(before, after)} |");
        }

        return text.ToString();
    }

    private static string PauseMillisecondsPerGc(MemorySample before, MemorySample after) =>
        after.Collections == before.Collections
            ? "-"
            : string.Create(CultureInfo.InvariantCulture, $"{(after.PauseSeconds - before.PauseSeconds) * 1000 / (after.Collections - before.Collections):F2}");

    private static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
