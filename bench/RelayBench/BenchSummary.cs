using System.Globalization;
using System.Text.Json;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// The headline numbers of a run (medians over rounds), for the report and the <c>--json</c> line: the relay's CPU per
/// relayed packet machine-wide (minus the direct baseline) at the highest fixed rate, the highest rate each relay keeps
/// up with at &lt; 0.1 % loss, the p99 latency the headline relay adds at half its highest rate, memory per call.
/// </summary>
internal sealed record BenchSummary(
    double MediaNodeCpu,
    double MediaNodeUserspaceCpu,
    double RtpengineCpu,
    double MediaNodeMaxPerSecond,
    double RtpengineMaxPerSecond,
    double GeneratorMaxPerSecond,
    bool GeneratorBound,
    double MediaNodeAddedP99,
    double MediaNodePathP99,
    double LatencyRatePerSecond,
    double MediaNodeKiBPerCall,
    double RtpengineKiBPerCall,
    bool MediaNodeKernelPath,
    string Headline,
    string FixedScenario)
{
    /// <summary>HA takeover: median milliseconds to install 500 restored calls' kernel entries, with details; null when not measured.</summary>
    public string? KernelTakeover { get; init; }

    /// <summary>p99 send-to-receiver-thread latency the headline relay adds at half its highest rate (the earlier measure, wake-up included).</summary>
    public double MediaNodeAddedReceiverP99 { get; init; } = double.NaN;

    /// <summary>media-node's highest rate at &lt; 0.1 % loss over rtpengine's (a floor when <see cref="GeneratorBound"/>).</summary>
    public double ThroughputRatio => MediaNodeMaxPerSecond / RtpengineMaxPerSecond;

    /// <summary>The calls the memory per call was measured at by <c>memory</c> (warm-up calls first); null when it is the windows' figure.</summary>
    public int? MemoryCalls { get; init; }

    public static BenchSummary From(
        IReadOnlyList<Measurement> results, IReadOnlyList<RateSearch> searches, IReadOnlyList<Measurement> latencies,
        IReadOnlyList<Scenario> scenarios, string headline, int threads)
    {
        string suffix = threads == 1 ? "1 thread" : $"{threads} threads";
        string userspace = $"media-node ({suffix})", rtpengine = $"rtpengine ({suffix})";
        var fixedRate = scenarios.Where(s => !s.Saturating).MaxBy(s => s.PacketsPerSecondPerStream) ?? scenarios[0];
        double Median(Scenario scenario, string relay, Func<Measurement, double> value) =>
            MedianOf(results.Where(m => m.Scenario == scenario && m.Relay == relay).Select(value));
        var headlineSearches = searches.Where(s => s.Relay == headline).ToArray();
        return new BenchSummary(
            Median(fixedRate, headline, m => m.MachineMicrosecondsPerPacket),
            Median(fixedRate, userspace, m => m.MachineMicrosecondsPerPacket),
            Median(fixedRate, rtpengine, m => m.MachineMicrosecondsPerPacket),
            MedianOf(headlineSearches.Select(s => s.MaxPerSecond)),
            MedianOf(searches.Where(s => s.Relay == rtpengine).Select(s => s.MaxPerSecond)),
            MedianOf(searches.Where(s => s.Relay == DirectPath.RelayName).Select(s => s.MaxPerSecond)),
            // A floor in most rounds: the generator, not the relay, set the maximum.
            headlineSearches.Count(s => s.GeneratorBound) * 2 > headlineSearches.Length,
            MedianOf(latencies.Select(m => m.AddedP99Micros)),
            MedianOf(latencies.Select(m => m.P99Micros)),
            MedianOf(latencies.Select(m => m.OfferedPerSecond)),
            Median(fixedRate, headline, m => m.KiBPerCall),
            Median(fixedRate, rtpengine, m => m.KiBPerCall),
            Median(fixedRate, headline, m => m.KernelEntries) > 0,
            headline,
            fixedRate.Title)
        {
            MediaNodeAddedReceiverP99 = MedianOf(latencies.Select(m => m.AddedP99ApplicationMicros)),
        };
    }

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["media_node_cpu_us_per_pkt"] = Number(MediaNodeCpu),
        ["media_node_userspace_cpu_us_per_pkt"] = Number(MediaNodeUserspaceCpu),
        ["rtpengine_cpu_us_per_pkt"] = Number(RtpengineCpu),
        ["throughput_ratio"] = Number(ThroughputRatio),
        ["generator_bound"] = GeneratorBound,
        ["media_node_p99_us"] = Number(MediaNodeAddedP99),
        ["media_node_kb_per_call"] = Number(MediaNodeKiBPerCall),
        ["rtpengine_kb_per_call"] = Number(RtpengineKiBPerCall),
        ["media_node_kernel_path"] = MediaNodeKernelPath,
        ["media_node_max_pkt_s"] = Number(MediaNodeMaxPerSecond),
        ["rtpengine_max_pkt_s"] = Number(RtpengineMaxPerSecond),
        ["generator_alone_max_pkt_s"] = Number(GeneratorMaxPerSecond),
        ["media_node_p99_rate_pkt_s"] = Number(LatencyRatePerSecond),
        ["media_node_path_p99_us"] = Number(MediaNodePathP99),
        ["media_node_receiver_p99_us"] = Number(MediaNodeAddedReceiverP99),
        ["kernel_takeover_500_calls_ms"] = KernelTakeover is { } takeover && double.TryParse(takeover.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) ? ms : null,
    });

    public string Describe(CultureInfo culture) => string.Join(' ',
        string.Create(culture, $"At {FixedScenario}, CPU per relayed packet (machine-wide, minus the generator alone at the same rate): {Headline} {MediaNodeCpu:F2} µs, media-node userspace {MediaNodeUserspaceCpu:F2} µs, rtpengine userspace {RtpengineCpu:F2} µs ({MediaNodeCpu / RtpengineCpu:F2}x rtpengine)."),
        string.Create(culture, $"Highest rate at < {RateStep.LossLimitPercent} % loss: {Headline} {MediaNodeMaxPerSecond:N0} pkt/s, rtpengine {RtpengineMaxPerSecond:N0} pkt/s, {ThroughputRatio:F2}x{(GeneratorBound ? " — generator-bound: media-node kept up with everything the generator could offer, so its rate and the ratio are floors, not its maximum" : string.Empty)}; the generator alone (no relay) reached {GeneratorMaxPerSecond:N0} pkt/s."),
        string.Create(culture, $"p99 latency added by {Headline} at half its highest rate ({LatencyRatePerSecond:N0} pkt/s), send to arrival at the callee's host (kernel receive timestamp): {MediaNodeAddedP99:F0} µs (its path's p99 {MediaNodePathP99:F0} µs minus the generator alone's); send to the receiver thread, wake-up included: {MediaNodeAddedReceiverP99:F0} µs added."),
        string.Create(culture, $"Memory {MediaNodeKiBPerCall:F1} KiB/call (media-node) vs {RtpengineKiBPerCall:F1} KiB/call (rtpengine). Kernel path in use: {(MediaNodeKernelPath ? "yes" : "no")}."),
        KernelTakeover is { } takeover ? $"HA takeover (a standby unfencing 500 restored calls, one netlink transaction): {takeover}." : string.Empty,
        MemoryCalls is { } calls ? string.Create(culture, $"Memory per call is RSS at {calls:N0} calls minus RSS before them, after warm-up calls (bench/results/relay-memory.md).") : string.Empty).TrimEnd();

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double? Number(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;
}
