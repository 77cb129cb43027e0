using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// <c>dtls</c>: DTLS-SRTP handshakes per second, media-node vs rtpengine (userspace), one relay at a time on
/// 127.0.0.1. Each relay gets N calls over ng whose callee leg is WebRTC (the caller's plain RTP offer turned into
/// <c>UDP/TLS/RTP/SAVPF</c> with ICE); this process plays every callee's browser, answering with
/// <c>a=setup:active</c>, and then runs ICE + the DTLS client handshake for all N calls, at most C at a time.
/// </summary>
internal static class DtlsCommand
{
    /// <summary>The warm-up's calls are deleted before the timed ones are set up; either batch fits both relays' port
    /// ranges with room to spare.</summary>
    private const int MaxCalls = 2400;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        int handshakes = arguments.Int("handshakes", 2000);
        int concurrency = Math.Max(1, arguments.Int("concurrency", 32));
        int warmup = arguments.Int("warmup", 2000);
        int repeat = Math.Max(1, arguments.Int("repeat", 1));
        int handshakeTimeout = Math.Max(1, arguments.Int("handshake-timeout", 10));
        int maxSeconds = Math.Max(10, arguments.Int("max-seconds", 300));
        string output = arguments.Required("out");
        string daemon = arguments.Required("daemon");
        string rtpengine = arguments.String("rtpengine", "/usr/bin/rtpengine");
        int threads = Math.Max(1, arguments.Int("threads", Environment.ProcessorCount));
        bool json = arguments.String("json", "false") == "true";
        var only = arguments.String("relays", "rtpengine,media-node").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (handshakes < 1 || handshakes > MaxCalls || warmup < 0 || warmup > MaxCalls)
        {
            throw new ArgumentException($"--handshakes must be 1 to {MaxCalls} and --warmup 0 to {MaxCalls}: each relay's 10,000-port range holds 2,500 calls (2 legs x RTP/RTCP ports).");
        }

        var network = new BenchNetwork(null, IPAddress.Loopback, IPAddress.Loopback, IPAddress.Loopback);
        string threadText = threads.ToString(CultureInfo.InvariantCulture);
        var relays = new (string Name, Func<NgRelay> Create)[]
        {
            ("rtpengine", () => new NgRelay("rtpengine", rtpengine, network, ngPort =>
            [
                "--config-file=none", "--table=-1", "--interface=127.0.0.1", $"--listen-ng=127.0.0.1:{ngPort}",
                "--port-min=20000", "--port-max=29999", "--foreground", "--log-stderr", "--log-level=3",
                $"--num-threads={threadText}", "--timeout=600", "--delete-delay=0", "--dtls-cert-cipher=prime256v1",
            ])),
            ("media-node", () => new NgRelay("media-node", daemon, network, ngPort =>
            [
                "--interface", "127.0.0.1", "--listen-ng", $"127.0.0.1:{ngPort}", "--port-min", "30000", "--port-max", "39999",
                "--num-threads", threadText, "--timeout", "600", "--listen-http", "off", "--log-level", "warning", "--kernel-forwarding", "off",
            ])),
        }.Where(relay => only.Contains(relay.Name)).ToArray();
        if (relays.Length == 0)
        {
            throw new ArgumentException("--relays names none of rtpengine, media-node.");
        }

        var certificate = DtlsCertificate.Generate(TimeProvider.System);
        var results = new List<DtlsMeasurement>();
        var commands = new Dictionary<string, string>();
        for (int round = 0; round < repeat; round++)
        {
            foreach (var (name, create) in relays)
            {
                Console.WriteLine($"{handshakes} handshakes, {concurrency} at a time — {name} (round {round + 1}/{repeat})");
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
                await using var relay = create();
                await relay.StartAsync(deadline.Token);
                commands[name] = relay.CommandLine;
                var measurement = await MeasureAsync(relay, certificate, warmup, handshakes, concurrency, TimeSpan.FromSeconds(handshakeTimeout), deadline.Token);
                Console.WriteLine(
                    $"  {measurement.Completed}/{measurement.Attempted} in {measurement.Seconds:F2} s = {measurement.HandshakesPerSecond:F1}/s, " +
                    $"relay {measurement.RelayCpuMillisecondsPerHandshake:F2} ms CPU/handshake ({measurement.RelayCoreShare * 100:F0} % of a core), " +
                    $"generator {measurement.GeneratorCpuMillisecondsPerHandshake:F2} ms ({measurement.GeneratorCoreShare * 100:F0} %), " +
                    $"p99 {measurement.P99Milliseconds:F0} ms, relay threads peak {measurement.PeakRelayThreads}, warm-up relay {measurement.WarmupRelayCpuMillisecondsPerHandshake:F2} ms CPU/handshake");
                results.Add(measurement);
            }
        }

        var report = new DtlsReportWriter(results, warmup, handshakes, concurrency, threads, repeat, handshakeTimeout, commands).Render();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"Wrote {output}");
        if (json)
        {
            Console.WriteLine(Json(results));
        }

        return results.All(r => r.Completed == r.Attempted) ? 0 : 1;
    }

    /// <summary>Sets up <paramref name="warmup"/> calls and completes their handshakes untimed (JIT and first-use costs on
    /// both sides), deletes them, then sets up <paramref name="handshakes"/> calls and times theirs.</summary>
    private static async Task<DtlsMeasurement> MeasureAsync(NgRelay relay, DtlsCertificate certificate, int warmup, int handshakes, int concurrency,
        TimeSpan handshakeTimeout, CancellationToken cancellationToken)
    {
        var warmupCallees = await SetUpCallsAsync(relay.Client, certificate, 0, warmup, cancellationToken);
        double warmupCpuPerHandshake;
        try
        {
            double warmupCpu0 = ProcessCpu.CpuSeconds(relay.Pid);
            var (warmedUp, _, _, warmupFailure) = await HandshakeAllAsync(warmupCallees, concurrency, handshakeTimeout, cancellationToken);
            warmupCpuPerHandshake = warmedUp == 0 ? double.NaN : (ProcessCpu.CpuSeconds(relay.Pid) - warmupCpu0) * 1000 / warmedUp;
            if (warmupFailure is not null)
            {
                Console.WriteLine($"  warm-up: {warmup - warmedUp} of {warmup} handshakes failed; first: {warmupFailure}");
            }
        }
        finally
        {
            await EndCallsAsync(relay.Client, warmupCallees, 0, cancellationToken);
        }

        var callees = await SetUpCallsAsync(relay.Client, certificate, warmup, handshakes, cancellationToken);
        try
        {
            long residentBefore = ProcessCpu.ResidentKiB(relay.Pid);
            int peakThreads = ProcessCpu.Threads(relay.Pid);
            long peakResident = residentBefore;
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = Task.Run(async () =>
            {
                using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
                while (await tick.WaitForNextTickAsync(sampling.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
                {
                    peakThreads = Math.Max(peakThreads, ProcessCpu.Threads(relay.Pid));
                    peakResident = Math.Max(peakResident, ProcessCpu.ResidentKiB(relay.Pid));
                }
            }, CancellationToken.None);

            // A profiler (perf record -p) can attach to the relay on this line: what follows is the timed phase.
            Console.WriteLine($"  timed phase: relay pid {relay.Pid}");
            double relayCpu0 = ProcessCpu.CpuSeconds(relay.Pid);
            double selfCpu0 = ProcessCpu.CpuSeconds(Environment.ProcessId);
            long t0 = Stopwatch.GetTimestamp();
            var (completed, iceDurations, durations, firstFailure) = await HandshakeAllAsync(callees, concurrency, handshakeTimeout, cancellationToken);
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            double relayCpu = ProcessCpu.CpuSeconds(relay.Pid) - relayCpu0;
            double selfCpu = ProcessCpu.CpuSeconds(Environment.ProcessId) - selfCpu0;
            sampling.Cancel();
            await sampler;
            if (firstFailure is not null)
            {
                Console.WriteLine($"  {handshakes - completed} handshakes failed; first: {firstFailure}");
            }

            var finished = durations.Where(d => !double.IsNaN(d)).Order().ToArray();
            var ice = iceDurations.Where(d => !double.IsNaN(d)).Order().ToArray();
            return new DtlsMeasurement(relay.Name, handshakes, completed, seconds, relayCpu, selfCpu,
                Percentile(ice, 50), Percentile(finished, 50), Percentile(finished, 99), peakThreads, residentBefore, peakResident, warmupCpuPerHandshake);
        }
        finally
        {
            // The relay stops with the round, so the timed calls need no delete.
            await CloseAsync(callees);
        }
    }

    /// <summary><paramref name="count"/> calls numbered from <paramref name="first"/>, each with its callee (disposed if setting one up fails).</summary>
    private static async Task<List<DtlsCallee>> SetUpCallsAsync(NgClient client, DtlsCertificate certificate, int first, int count, CancellationToken cancellationToken)
    {
        var callees = new List<DtlsCallee>(count);
        try
        {
            for (int call = first; call < first + count; call++)
            {
                var callee = new DtlsCallee(IPAddress.Loopback, certificate);
                callees.Add(callee);
                await SetUpCallAsync(client, call, callee, cancellationToken);
            }

            return callees;
        }
        catch
        {
            callees.ForEach(callee => callee.Dispose());
            throw;
        }
    }

    /// <summary>Closes the callees and deletes their calls, which frees the relay's ports (the warm-up's calls make room
    /// for the timed ones).</summary>
    private static async Task EndCallsAsync(NgClient client, List<DtlsCallee> callees, int first, CancellationToken cancellationToken)
    {
        await CloseAsync(callees);
        for (int call = first; call < first + callees.Count && !cancellationToken.IsCancellationRequested; call++)
        {
            await client.RequestAsync([new("command", "delete"), new("call-id", $"dtls-bench-{call}"), new("from-tag", $"caller-{call}")], cancellationToken);
        }
    }

    /// <summary>Lets each callee's first media go out, then closes its socket.</summary>
    private static async Task CloseAsync(List<DtlsCallee> callees)
    {
        await Task.WhenAll(callees.Select(callee => callee.FirstMedia));
        callees.ForEach(callee => callee.Dispose());
    }

    /// <summary>ICE + DTLS for every callee, at most <paramref name="concurrency"/> at a time, each bounded by
    /// <paramref name="handshakeTimeout"/>; returns how many completed, each one's ICE and total duration (NaN when it
    /// failed) and the first failure.</summary>
    private static async Task<(int Completed, double[] IceMilliseconds, double[] Milliseconds, string? FirstFailure)> HandshakeAllAsync(
        List<DtlsCallee> callees, int concurrency, TimeSpan handshakeTimeout, CancellationToken cancellationToken)
    {
        var durations = new double[callees.Count];
        var iceDurations = new double[callees.Count];
        int completed = 0;
        string? firstFailure = null;
        try
        {
            await RunAllAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The round's time limit: report what completed, the rest as failed, rather than end the benchmark.
            for (int call = 0; call < callees.Count; call++)
            {
                if (durations[call] == 0)
                {
                    durations[call] = iceDurations[call] = double.NaN;
                }
            }

            Interlocked.CompareExchange(ref firstFailure, "the round's time limit (--max-seconds) ran out", null);
        }

        return (completed, iceDurations, durations, firstFailure);

        Task RunAllAsync() => Parallel.ForEachAsync(
            Enumerable.Range(0, callees.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (call, token) =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(handshakeTimeout);
                try
                {
                    var (ice, total) = await callees[call].HandshakeAsync(timeout.Token);
                    iceDurations[call] = ice.TotalMilliseconds;
                    durations[call] = total.TotalMilliseconds;
                    Interlocked.Increment(ref completed);
                }
                catch (Exception e) when (e is OperationCanceledException or DtlsHandshakeException or InvalidOperationException && !token.IsCancellationRequested)
                {
                    durations[call] = iceDurations[call] = double.NaN;
                    Interlocked.CompareExchange(ref firstFailure, $"{e.GetType().Name}: {e.Message}", null);
                }
            });
    }

    /// <summary>Offer from a plain-RTP caller turned WebRTC towards the callee, ICE-lite towards it (rtpengine's
    /// <c>ICE-lite: forward</c>; media-node always is), then the callee's WebRTC answer.</summary>
    private static async Task SetUpCallAsync(NgClient client, int call, DtlsCallee callee, CancellationToken cancellationToken)
    {
        string callId = $"dtls-bench-{call}";
        var offer = await client.RequestAsync(
        [
            new("command", "offer"), new("call-id", callId), new("from-tag", $"caller-{call}"), new("sdp", CallerSdp(call)),
            new("transport-protocol", "UDP/TLS/RTP/SAVPF"), new("ICE", "force"), new("ICE-lite", "forward"),
        ], cancellationToken);
        callee.ReadOffer(Sdp(offer, "offer"), IPAddress.Loopback);
        var answer = await client.RequestAsync(
            [new("command", "answer"), new("call-id", callId), new("from-tag", $"caller-{call}"), new("to-tag", $"callee-{call}"), new("sdp", callee.Answer())],
            cancellationToken);
        Sdp(answer, "answer");
    }

    /// <summary>The caller never sends: only its SDP matters (a discard port on loopback).</summary>
    private static string CallerSdp(int call) =>
        $"v=0\r\no=- {call + 1} 1 IN IP4 127.0.0.1\r\ns=bench\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";

    private static string Sdp(Dictionary<string, string> reply, string command) =>
        reply.GetValueOrDefault("result") == "ok" && reply.TryGetValue("sdp", out var sdp)
            ? sdp
            : throw new InvalidOperationException($"{command} failed: {string.Join(", ", reply.Select(pair => $"{pair.Key}={pair.Value}"))}");

    private static double Percentile(double[] sorted, int percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];

    /// <summary>Medians over the rounds; generator-bound when any round saturated a generator core.</summary>
    private static string Json(List<DtlsMeasurement> results)
    {
        double Median(string relay, Func<DtlsMeasurement, double> value)
        {
            var values = results.Where(r => r.Relay == relay).Select(value).Order().ToArray();
            return values.Length == 0 ? double.NaN : values[values.Length / 2];
        }

        double? Number(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["media_node_dtls_handshakes_per_s"] = Number(Median("media-node", r => r.HandshakesPerSecond)),
            ["rtpengine_dtls_handshakes_per_s"] = Number(Median("rtpengine", r => r.HandshakesPerSecond)),
            ["media_node_cpu_ms_per_handshake"] = Number(Median("media-node", r => r.RelayCpuMillisecondsPerHandshake)),
            ["rtpengine_cpu_ms_per_handshake"] = Number(Median("rtpengine", r => r.RelayCpuMillisecondsPerHandshake)),
            ["media_node_peak_threads"] = Number(Median("media-node", r => r.PeakRelayThreads)),
            ["rtpengine_peak_threads"] = Number(Median("rtpengine", r => r.PeakRelayThreads)),
            ["generator_bound"] = results.Any(r => r.GeneratorBound),
            ["failed_handshakes"] = results.Sum(r => r.Attempted - r.Completed),
        });
    }
}
