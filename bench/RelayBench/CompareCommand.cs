using System.Diagnostics;
using System.Globalization;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// <c>compare</c>: runs every scenario against rtpengine (userspace only) and media-node on this machine, one relay at
/// a time with the same load generator, next to a baseline of the generator alone at the same rates; with
/// <c>--search yes</c> also finds each relay's highest rate at &lt; 0.1 % loss and the headline relay's latency at half
/// of it; writes the markdown report.
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
        var only = arguments.String("relays", "baseline,rtpengine,media-node,media-node-kernel").Split(',');
        bool baseline = only.Contains("baseline");
        bool search = arguments.String("search", "no") == "yes";
        int searchSeconds = Math.Max(1, arguments.Int("search-seconds", 2));
        string? srtp = arguments.String("srtp", string.Empty) is { Length: > 0 } suite ? suite : null;
        if (srtp is not null && daemon is null)
        {
            throw new ArgumentException("--srtp needs --daemon: SDES-SRTP calls are set up over ng.");
        }

        var network = BenchNetwork.From(arguments);
        bool json = arguments.String("json", "false") == "true";
        bool profile = arguments.String("profile", "false") == "true";
        string relayAddress = network.RelayAddress.ToString();

        bool saturation = arguments.String("saturation", "yes") != "no";
        var scenarios = rates.Select(rate => new Scenario(streams, rate)).Concat(saturation ? [new Scenario(streams, 0)] : []).ToArray();
        // The search starts at the lowest fixed rate, which every relay is expected to keep up with.
        double searchStart = arguments.Int("search-start", rates.Min() * (srtp is not null ? streams / 2 : streams));
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

        string headline = $"media-node{(only.Contains("media-node-kernel") ? " kernel" : string.Empty)} ({(threadCounts[0] == 1 ? "1 thread" : $"{threadCounts[0]} threads")})";
        var profiled = scenarios.Where(s => !s.Saturating).MaxBy(s => s.PacketsPerSecondPerStream);
        int sendingStreams = srtp is not null ? streams / 2 : streams;
        var results = new List<Measurement>();
        var searches = new List<RateSearch>();
        var latencies = new List<Measurement>();
        KernelProfile.Samples? baselineProfile = null, relayProfile = null;
        string rtpengineCommand = string.Empty, mediaNodeCommand = string.Empty;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        for (int round = 0; round < repeat; round++)
        {
            var baselines = new Dictionary<Scenario, Measurement>();
            if (baseline)
            {
                await using var session = await RelaySession.StartAsync(() => new DirectPath(), streams, network, srtp is not null, cancel.Token);
                foreach (var scenario in scenarios)
                {
                    Console.WriteLine($"{scenario.Title} — {session.Name} (round {round + 1}/{repeat})");
                    var (measurement, _) = await session.MeasureAsync(scenario, warmup, seconds, false, cancel.Token);
                    Print(measurement);
                    baselines[scenario] = measurement;
                    results.Add(measurement);
                }

                if (profile && round == 0 && profiled is not null)
                {
                    baselineProfile = await ProfileAsync(session, profiled, seconds, cancel.Token);
                }

                // The generator's own ceiling (its sends and receives, no relay): a relay near it was held by the generator.
                if (search)
                {
                    Console.WriteLine($"Rate search — {session.Name} (round {round + 1}/{repeat})");
                    var found = await RateSearch.RunAsync(session, searchStart, searchSeconds, cancel.Token);
                    searches.Add(found);
                    Console.WriteLine($"  highest rate at < {RateStep.LossLimitPercent} % loss: {found.MaxPerSecond:N0}/s");
                }
            }

            var halfRate = new List<Measurement>();
            // Alternate the order from round to round, so a drift of a shared machine does not always favour one relay.
            foreach (var (name, create) in round % 2 == 0 ? relays : Enumerable.Reverse(relays))
            {
                await using var session = await RelaySession.StartAsync(create, streams, network, srtp is not null, cancel.Token);
                if (name.StartsWith("rtpengine", StringComparison.Ordinal))
                {
                    rtpengineCommand = session.Relay.CommandLine;
                }
                else
                {
                    mediaNodeCommand = session.Relay.CommandLine;
                }

                foreach (var scenario in scenarios)
                {
                    Console.WriteLine($"{scenario.Title} — {name} (round {round + 1}/{repeat})");
                    var (measurement, _) = await session.MeasureAsync(scenario, warmup, seconds, false, cancel.Token);
                    // Flat out the generator's own offered rate differs from run to run: no baseline matches it.
                    measurement = measurement with { Baseline = scenario.Saturating ? null : baselines.GetValueOrDefault(scenario) };
                    Print(measurement);
                    results.Add(measurement);
                }

                // One profile of the headline relay at the highest fixed rate, first round: where its time goes.
                if (profile && round == 0 && name == headline && profiled is not null)
                {
                    relayProfile = await ProfileAsync(session, profiled, seconds, cancel.Token);
                }

                if (search)
                {
                    Console.WriteLine($"Rate search — {name} (round {round + 1}/{repeat})");
                    var found = await RateSearch.RunAsync(session, searchStart, searchSeconds, cancel.Token);
                    searches.Add(found);
                    Console.WriteLine($"  highest rate at < {RateStep.LossLimitPercent} % loss: {found.MaxPerSecond:N0}/s{(found.GeneratorBound ? " (generator-bound: a floor)" : string.Empty)}");
                    int halfPerStream = (int)Math.Round(found.MaxPerSecond / 2 / sendingStreams);
                    if (name == headline && halfPerStream > 0)
                    {
                        var half = new Scenario(streams, halfPerStream);
                        Console.WriteLine($"{half.Title} (half the highest rate, latency) — {name} (round {round + 1}/{repeat})");
                        var (measurement, _) = await session.MeasureAsync(half, 1, seconds, false, cancel.Token);
                        Print(measurement);
                        halfRate.Add(measurement);
                    }
                }
            }

            if (halfRate.Count > 0 && baseline)
            {
                await using var session = await RelaySession.StartAsync(() => new DirectPath(), streams, network, srtp is not null, cancel.Token);
                foreach (var measurement in halfRate)
                {
                    Console.WriteLine($"{measurement.Scenario.Title} (half the highest rate, latency) — {session.Name} (round {round + 1}/{repeat})");
                    var (direct1, _) = await session.MeasureAsync(measurement.Scenario, 1, seconds, false, cancel.Token);
                    Print(direct1);
                    latencies.Add(measurement with { Baseline = direct1 });
                }
            }
            else
            {
                latencies.AddRange(halfRate);
            }
        }

        string? profileText = relayProfile is { Packets: > 0 } && baselineProfile is not null
            ? KernelProfile.Difference(relayProfile, baselineProfile, 15)
            : null;
        // SRTP legs never take the kernel path: no takeover of kernel entries to time, and no memory run (relay-bench's).
        var summary = BenchSummary.From(results, searches, latencies, scenarios, headline, threadCounts[0]) with { KernelTakeover = srtp is null ? MeasureTakeover(network) : null };
        summary = WithMemory(summary,
            daemon is null || srtp is not null || !only.Contains("rtpengine") || arguments.String("memory", "yes") == "no" ? null : MeasureMemory(network, daemon, rtpengine, only.Contains("media-node-kernel"), output));
        var report = srtp is null
            ? new ReportWriter(results, searches, latencies, scenarios, threadCounts, rtpengineCommand, mediaNodeCommand, daemon is not null, warmup, seconds, repeat, searchSeconds, network, summary, profileText, headline).Render()
            : new SrtpReportWriter(results, threadCounts, rtpengineCommand, mediaNodeCommand, warmup, seconds, repeat, network, srtp).Render();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"Wrote {output}");
        if (json)
        {
            Console.WriteLine(summary.ToJson());
        }

        return 0;
    }

    /// <summary>
    /// A profiled window of its own: perf's sampling costs CPU, which would otherwise land in the machine-wide numbers
    /// of the profiled runs and not in the others.
    /// </summary>
    private static async Task<KernelProfile.Samples?> ProfileAsync(RelaySession session, Scenario scenario, int seconds, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{scenario.Title} — {session.Name}, profiled with perf");
        var (measurement, samples) = await session.MeasureAsync(scenario, 1, seconds, true, cancellationToken);
        return samples is null ? null : samples with { Packets = measurement.Received };
    }

    private static void Print(Measurement measurement) => Console.WriteLine(
        $"  relayed {measurement.RelayedPerSecond:N0}/s of {measurement.OfferedPerSecond:N0}/s, loss {measurement.LossPercent:F2} %, " +
        $"relay CPU {measurement.RelayCorePercent:F1} %, {measurement.MicrosecondsPerPacket:F2} µs/packet (machine-wide {measurement.MachineMicrosecondsPerPacket:F2}), " +
        $"p99 to arrival {measurement.P99Micros:F0} µs (added {measurement.AddedP99Micros:F0}), to the receiver {measurement.P99ApplicationMicros:F0} µs (added {measurement.AddedP99ApplicationMicros:F0}), {measurement.KiBPerCall:F1} KiB/call, kernel entries {measurement.KernelEntries}");

    /// <summary>The summary's memory per call from <c>memory</c> at 1,000 calls, when it ran; else the windows' figures.</summary>
    private static BenchSummary WithMemory(BenchSummary summary, (double MediaNode, double Rtpengine)? memory) => memory is var (mediaNode, rtpengine)
        ? summary with { MediaNodeKiBPerCall = mediaNode, RtpengineKiBPerCall = rtpengine, MemoryCalls = MemoryCalls }
        : summary;

    private const int MemoryCalls = 1000;

    /// <summary>
    /// Runs <c>memory</c> (bench/relay-memory.sh's measure, report beside <paramref name="output"/>) for the headline
    /// media-node and rtpengine at <see cref="MemoryCalls"/> calls, the issue's count: RSS per call after warm-up calls,
    /// so what a process pays once is not divided among the calls. Null when it failed (the windows' figures stay).
    /// </summary>
    private static (double MediaNode, double Rtpengine)? MeasureMemory(BenchNetwork network, string daemon, string rtpengine, bool kernel, string output)
    {
        string mediaNode = kernel ? "media-node-kernel" : "media-node";
        var (fileName, prefix) = EngineRelay.SelfCommand();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            .. prefix, "memory", "--out", Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, "relay-memory.md"),
            "--daemon", daemon, "--rtpengine", rtpengine, "--relays", $"{mediaNode},rtpengine",
            "--calls", (MemoryCalls / 2).ToString(CultureInfo.InvariantCulture), "--batches", "2", "--json",
            "--relay-address", network.RelayAddress.ToString(), "--caller-address", network.CallerAddress.ToString(), "--callee-address", network.CalleeAddress.ToString(),
            .. network.RelayNamespace is null ? Array.Empty<string>() : ["--netns-relay", network.RelayNamespace],
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"Memory per call at {MemoryCalls} calls — {mediaNode}, rtpengine");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine(string.Join('\n', lines.Select(line => $"  {line}")));
        if (process.ExitCode != 0 || lines.Length == 0)
        {
            Console.WriteLine($"  memory measurement failed: {error.Result}");
            return null;
        }

        using var json = System.Text.Json.JsonDocument.Parse(lines[^1]);
        string key = mediaNode.Replace('-', '_');
        return (json.RootElement.GetProperty($"{key}_kb_per_call").GetDouble(), json.RootElement.GetProperty("rtpengine_kb_per_call").GetDouble());
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
}
