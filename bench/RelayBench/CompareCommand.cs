using System.Diagnostics;
using System.Globalization;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// <c>compare</c>: runs every scenario against rtpengine (userspace only) and media-node on this machine, one relay at
/// a time with the same load generator, and writes the markdown report.
/// </summary>
internal static class CompareCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        int streams = arguments.Int("streams", 1000);
        if (streams < 2 || streams % 2 != 0)
        {
            throw new ArgumentException("--streams must be an even number >= 2 (half callers, half callees).");
        }

        int[] rates = arguments.Ints("rates", [50, 100]);
        int warmup = arguments.Int("warmup", 3);
        int seconds = arguments.Int("seconds", 10);
        int[] threadCounts = arguments.Ints("threads", Environment.ProcessorCount == 1 ? [1] : [Environment.ProcessorCount, 1]);
        int repeat = Math.Max(1, arguments.Int("repeat", 1));
        string output = arguments.Required("out");
        string rtpengine = arguments.String("rtpengine", "/usr/bin/rtpengine");
        string? daemon = arguments.String("daemon", string.Empty) is { Length: > 0 } path ? path : null;
        int batch = arguments.Int("batch", 16);
        var only = arguments.String("relays", "rtpengine,media-node,media-node-kernel").Split(',');
        string? srtp = arguments.String("srtp", string.Empty) is { Length: > 0 } suite ? suite : null;
        if (srtp is not null && daemon is null)
        {
            throw new ArgumentException("--srtp needs --daemon: SDES-SRTP calls are set up over ng.");
        }

        var network = BenchNetwork.From(arguments);
        bool json = arguments.String("json", "false") == "true";
        bool profile = arguments.String("profile", "false") == "true";
        string? profileText = null;
        string relayAddress = network.RelayAddress.ToString();

        bool saturation = arguments.String("saturation", "yes") != "no";
        var scenarios = rates.Select(rate => new Scenario(streams, rate)).Concat(saturation ? [new Scenario(streams, 0)] : []).ToArray();
        var relays = new List<(string Name, Func<RelayUnderTest> Create)>();
        foreach (int threads in threadCounts)
        {
            string suffix = threads == 1 ? "1 thread" : $"{threads} threads";
            string threadText = threads.ToString(CultureInfo.InvariantCulture);
            if (only.Contains("rtpengine"))
            {
                relays.Add(($"rtpengine ({suffix})", () => new NgRelay($"rtpengine ({suffix})", rtpengine, network, ngPort =>
                [
                    "--config-file=none", "--table=-1", $"--interface={relayAddress}", $"--listen-ng={relayAddress}:{ngPort}",
                    "--port-min=20000", "--port-max=29999", "--foreground", "--log-stderr", "--log-level=3",
                    $"--num-threads={threads}", "--timeout=600", "--delete-delay=0",
                ], srtp)));
            }

            foreach (var (relay, kernel) in new[] { ("media-node", "off"), ("media-node-kernel", "on") })
            {
                if (!only.Contains(relay))
                {
                    continue;
                }

                string name = kernel == "on" ? $"media-node kernel ({suffix})" : $"media-node ({suffix})";
                relays.Add((name, daemon is null
                    ? () => new EngineRelay(name, threads, batch, 30000, 39999)
                    : () => new NgRelay(name, daemon, network, ngPort =>
                    [
                        "--interface", relayAddress, "--listen-ng", $"{relayAddress}:{ngPort}", "--port-min", "30000", "--port-max", "39999",
                        "--num-threads", threadText, "--timeout", "600", "--listen-http", "off", "--log-level", "warning", "--kernel-forwarding", kernel,
                    ], srtp)));
            }
        }

        var results = new List<Measurement>();
        string rtpengineCommand = string.Empty, mediaNodeCommand = string.Empty;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        foreach (var scenario in scenarios)
        {
            for (int round = 0; round < repeat; round++)
            {
                foreach (var (name, create) in relays)
                {
                    Console.WriteLine($"{scenario.Title} — {name} (round {round + 1}/{repeat})");
                    await using var relay = create();
                    // One profile of the kernel path at the highest fixed rate, first round: where its remaining time goes.
                    bool profileThis = profile && profileText is null && name.StartsWith("media-node kernel", StringComparison.Ordinal)
                        && !scenario.Saturating && scenario.PacketsPerSecondPerStream == rates.Max();
                    var (measurement, profiled) = await MeasureAsync(relay, scenario, network, warmup, seconds, profileThis, srtp is not null, cancel.Token);
                    profileText ??= profiled;
                    if (name.StartsWith("rtpengine", StringComparison.Ordinal))
                    {
                        rtpengineCommand = relay.CommandLine;
                    }
                    else
                    {
                        mediaNodeCommand = relay.CommandLine;
                    }

                    Console.WriteLine(
                        $"  relayed {measurement.RelayedPerSecond:N0}/s of {measurement.OfferedPerSecond:N0}/s, loss {measurement.LossPercent:F2} %, " +
                        $"relay CPU {measurement.RelayCorePercent:F1} %, {measurement.MicrosecondsPerPacket:F2} µs/packet (machine-wide {measurement.MachineMicrosecondsPerPacket:F2}), " +
                        $"p99 {measurement.P99Micros:F0} µs, {measurement.KiBPerCall:F1} KiB/call, kernel entries {measurement.KernelEntries}");
                    results.Add(measurement);
                }
            }
        }

        var summary = BenchSummary.From(results, scenarios, threadCounts[0]) with { KernelTakeover = MeasureTakeover(network) };
        var report = new ReportWriter(results, scenarios, threadCounts, rtpengineCommand, mediaNodeCommand, daemon is not null, warmup, seconds, repeat, network, summary, profileText, srtp).Render();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"Wrote {output}");
        if (json)
        {
            Console.WriteLine(summary.ToJson());
        }

        return 0;
    }

    /// <summary>Runs <c>kernel-takeover</c> (500 calls) in the relay's namespace; null without one.</summary>
    private static string? MeasureTakeover(BenchNetwork network)
    {
        if (network.RelayNamespace is null)
        {
            return null;
        }

        var (fileName, prefix) = EngineRelay.SelfCommand();
        var (command, commandArguments) = network.Command(fileName, [.. prefix, "kernel-takeover", "--calls", "500", "--address", network.RelayAddress.ToString(),
            "--caller-address", network.CallerAddress.ToString(), "--callee-address", network.CalleeAddress.ToString()]);
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in commandArguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(TakeoverCommand.Prefix, StringComparison.Ordinal));
        Console.WriteLine(line ?? $"kernel takeover failed: {error.Result}");
        return line?[TakeoverCommand.Prefix.Length..].Trim();
    }

    private static async Task<(Measurement Measurement, string? Profile)> MeasureAsync(
        RelayUnderTest relay, Scenario scenario, BenchNetwork network, int warmup, int seconds, bool profile, bool callersOnly, CancellationToken cancellationToken)
    {
        using var generator = new LoadGenerator(scenario.Streams, network.CallerAddress, network.CalleeAddress);
        await relay.StartAsync(cancellationToken);
        long baselineResident = relay is NgRelay ? ProcessCpu.ResidentKiB(relay.Pid) : 0;
        int calls = scenario.Streams / 2;
        var callers = Enumerable.Range(0, calls).Select(i => generator.Ports[2 * i]).ToArray();
        var callees = Enumerable.Range(0, calls).Select(i => generator.Ports[(2 * i) + 1]).ToArray();
        var ports = await relay.SetUpCallsAsync(callers, callees, cancellationToken);
        for (int i = 0; i < calls; i++)
        {
            generator.SetDestination(2 * i, network.RelayAddress, ports[i].ForCaller);
            generator.SetDestination((2 * i) + 1, network.RelayAddress, ports[i].ForCallee);
        }

        var receiver = generator.StartReceiving();
        double totalRate = (double)scenario.PacketsPerSecondPerStream * (callersOnly ? scenario.Streams / 2 : scenario.Streams);
        int runSeconds = warmup + seconds + 1;
        long until = Stopwatch.GetTimestamp() + (runSeconds * Stopwatch.Frequency);
        long maxPackets = scenario.Saturating ? 200_000_000 : (long)(totalRate * runSeconds * 1.05);
        var sender = new Thread(() => generator.Send(totalRate, until, maxPackets, callersOnly)) { IsBackground = true, Name = "load-sender" };
        sender.Start();

        await Task.Delay(TimeSpan.FromSeconds(warmup), cancellationToken);
        var self = Process.GetCurrentProcess();
        long t0 = Stopwatch.GetTimestamp();
        var (relayUser0, relaySystem0) = ProcessCpu.UserAndSystemSeconds(relay.Pid);
        double selfCpu0 = ProcessCpu.CpuSeconds(self.Id);
        double machine0 = ProcessCpu.MachineBusySeconds();
        long sent0 = generator.Sent, received0 = generator.Received;
        generator.ResetLatency();
        using var profiler = profile ? KernelProfile.TryStart(seconds) : null;

        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        long t1 = Stopwatch.GetTimestamp();
        var (relayUser1, relaySystem1) = ProcessCpu.UserAndSystemSeconds(relay.Pid);
        double selfCpu1 = ProcessCpu.CpuSeconds(self.Id);
        double machine1 = ProcessCpu.MachineBusySeconds();
        long sent1 = generator.Sent, received1 = generator.Received;
        double p99 = generator.LatencyPercentileMicros(99);
        long resident = ProcessCpu.ResidentKiB(relay.Pid);
        int kernelEntries = KernelEntries.Count(network);

        sender.Join();
        await Task.Delay(300, cancellationToken);
        generator.StopReceiving();
        receiver.Join();
        string? profileText = profiler?.Report();
        return (new Measurement(
            relay.Name,
            scenario,
            (t1 - t0) / (double)Stopwatch.Frequency,
            sent1 - sent0,
            received1 - received0,
            relayUser1 + relaySystem1 - relayUser0 - relaySystem0,
            relayUser1 - relayUser0,
            selfCpu1 - selfCpu0,
            resident,
            generator.SendErrors,
            machine1 - machine0,
            baselineResident,
            calls,
            p99,
            kernelEntries), profileText);
    }
}
