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
        var only = arguments.String("relays", "rtpengine,media-node").Split(',');
        string? srtp = arguments.String("srtp", string.Empty) is { Length: > 0 } suite ? suite : null;
        if (srtp is not null && daemon is null)
        {
            throw new ArgumentException("--srtp needs --daemon: SDES-SRTP calls are set up over ng.");
        }

        bool saturation = arguments.String("saturation", "yes") != "no";
        var scenarios = rates.Select(rate => new Scenario(streams, rate)).Concat(saturation ? [new Scenario(streams, 0)] : []).ToArray();
        var relays = new List<(string Name, Func<RelayUnderTest> Create)>();
        foreach (int threads in threadCounts)
        {
            string suffix = threads == 1 ? "1 thread" : $"{threads} threads";
            if (only.Contains("rtpengine"))
            {
                relays.Add(($"rtpengine ({suffix})", () => new NgRelay($"rtpengine ({suffix})", rtpengine, ngPort =>
                [
                    "--config-file=none", "--table=-1", "--interface=127.0.0.1", $"--listen-ng=127.0.0.1:{ngPort}",
                    "--port-min=20000", "--port-max=29999", "--foreground", "--log-stderr", "--log-level=3",
                    $"--num-threads={threads}", "--timeout=600", "--delete-delay=0",
                ], srtp)));
            }

            if (only.Contains("media-node"))
            {
                relays.Add(($"media-node ({suffix})", daemon is null
                    ? () => new EngineRelay($"media-node ({suffix})", threads, batch, 30000, 39999)
                    : () => new NgRelay($"media-node ({suffix})", daemon, ngPort =>
                    [
                        "--interface", "127.0.0.1", "--listen-ng", $"127.0.0.1:{ngPort}", "--port-min", "30000", "--port-max", "39999",
                        "--num-threads", threads.ToString(CultureInfo.InvariantCulture), "--timeout", "600", "--listen-http", "off", "--log-level", "warning",
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
                    var measurement = await MeasureAsync(relay, scenario, warmup, seconds, srtp is not null, cancel.Token);
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
                        $"relay CPU {measurement.RelayCorePercent:F1} %, {measurement.MicrosecondsPerPacket:F2} µs/packet, RSS {measurement.RelayResidentKiB / 1024.0:F1} MiB");
                    results.Add(measurement);
                }
            }
        }

        var report = new ReportWriter(results, scenarios, threadCounts, rtpengineCommand, mediaNodeCommand, daemon is not null, warmup, seconds, repeat, srtp).Render();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"Wrote {output}");
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(RelayUnderTest relay, Scenario scenario, int warmup, int seconds, bool callersOnly, CancellationToken cancellationToken)
    {
        using var generator = new LoadGenerator(scenario.Streams);
        await relay.StartAsync(cancellationToken);
        int calls = scenario.Streams / 2;
        var callers = Enumerable.Range(0, calls).Select(i => generator.Ports[2 * i]).ToArray();
        var callees = Enumerable.Range(0, calls).Select(i => generator.Ports[(2 * i) + 1]).ToArray();
        var ports = await relay.SetUpCallsAsync(callers, callees, cancellationToken);
        for (int i = 0; i < calls; i++)
        {
            generator.SetDestination(2 * i, ports[i].ForCaller);
            generator.SetDestination((2 * i) + 1, ports[i].ForCallee);
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
        long sent0 = generator.Sent, received0 = generator.Received;

        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        long t1 = Stopwatch.GetTimestamp();
        var (relayUser1, relaySystem1) = ProcessCpu.UserAndSystemSeconds(relay.Pid);
        double selfCpu1 = ProcessCpu.CpuSeconds(self.Id);
        long sent1 = generator.Sent, received1 = generator.Received;
        long resident = ProcessCpu.ResidentKiB(relay.Pid);

        sender.Join();
        await Task.Delay(300, cancellationToken);
        generator.StopReceiving();
        receiver.Join();
        return new Measurement(
            relay.Name,
            scenario,
            (t1 - t0) / (double)Stopwatch.Frequency,
            sent1 - sent0,
            received1 - received0,
            relayUser1 + relaySystem1 - relayUser0 - relaySystem0,
            relayUser1 - relayUser0,
            selfCpu1 - selfCpu0,
            resident,
            generator.SendErrors);
    }
}
