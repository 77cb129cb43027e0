using System.Globalization;
using System.Text.Json;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// The headline numbers of a run (medians over rounds), for the report and the <c>--json</c> line: CPU per relayed
/// packet machine-wide minus the generator at the highest fixed rate, throughput at saturation, p99 latency, memory per call.
/// </summary>
internal sealed record BenchSummary(
    double MediaNodeCpu,
    double MediaNodeUserspaceCpu,
    double RtpengineCpu,
    double ThroughputRatio,
    bool GeneratorBound,
    double MediaNodeP99,
    double MediaNodeKiBPerCall,
    double RtpengineKiBPerCall,
    bool MediaNodeKernelPath,
    string FixedScenario)
{
    /// <summary>HA takeover: median milliseconds to install 500 restored calls' kernel entries, with details; null when not measured.</summary>
    public string? KernelTakeover { get; init; }

    public static BenchSummary From(IReadOnlyList<Measurement> results, IReadOnlyList<Scenario> scenarios, int threads)
    {
        string suffix = threads == 1 ? "1 thread" : $"{threads} threads";
        string kernel = $"media-node kernel ({suffix})", userspace = $"media-node ({suffix})", rtpengine = $"rtpengine ({suffix})";
        var fixedRate = scenarios.Where(s => !s.Saturating).MaxBy(s => s.PacketsPerSecondPerStream) ?? scenarios[0];
        var saturation = scenarios.FirstOrDefault(s => s.Saturating) ?? fixedRate;
        double Median(Scenario scenario, string relay, Func<Measurement, double> value)
        {
            var values = results.Where(m => m.Scenario == scenario && m.Relay == relay).Select(value).Order().ToArray();
            return values.Length == 0 ? double.NaN : values[values.Length / 2];
        }

        return new BenchSummary(
            Median(fixedRate, kernel, m => m.MachineMicrosecondsPerPacket),
            Median(fixedRate, userspace, m => m.MachineMicrosecondsPerPacket),
            Median(fixedRate, rtpengine, m => m.MachineMicrosecondsPerPacket),
            Median(saturation, kernel, m => m.RelayedPerSecond) / Median(saturation, rtpengine, m => m.RelayedPerSecond),
            // Flat out, a relay that loses (almost) nothing was never pushed to its limit: the generator was.
            Median(saturation, kernel, m => m.LossPercent) < 0.1,
            Median(fixedRate, kernel, m => m.P99Micros),
            Median(fixedRate, kernel, m => m.KiBPerCall),
            Median(fixedRate, rtpengine, m => m.KiBPerCall),
            Median(fixedRate, kernel, m => m.KernelEntries) > 0,
            fixedRate.Title);
    }

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["media_node_cpu_us_per_pkt"] = Number(MediaNodeCpu),
        ["media_node_userspace_cpu_us_per_pkt"] = Number(MediaNodeUserspaceCpu),
        ["rtpengine_cpu_us_per_pkt"] = Number(RtpengineCpu),
        ["throughput_ratio"] = Number(ThroughputRatio),
        ["generator_bound"] = GeneratorBound,
        ["media_node_p99_us"] = Number(MediaNodeP99),
        ["media_node_kb_per_call"] = Number(MediaNodeKiBPerCall),
        ["rtpengine_kb_per_call"] = Number(RtpengineKiBPerCall),
        ["media_node_kernel_path"] = MediaNodeKernelPath,
        ["kernel_takeover_500_calls_ms"] = KernelTakeover is { } takeover && double.TryParse(takeover.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) ? ms : null,
    });

    private static double? Number(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;

    public string Describe(CultureInfo culture) => string.Create(culture,
        $"At {FixedScenario}: CPU per relayed packet (machine-wide minus the generator) media-node kernel {MediaNodeCpu:F2} µs, media-node userspace {MediaNodeUserspaceCpu:F2} µs, rtpengine userspace {RtpengineCpu:F2} µs ({MediaNodeCpu / RtpengineCpu:F2}x rtpengine); p99 added latency (media-node kernel, generator to generator) {MediaNodeP99:F0} µs; memory {MediaNodeKiBPerCall:F1} KiB/call (media-node) vs {RtpengineKiBPerCall:F1} KiB/call (rtpengine). Flat out, media-node kernel relayed {ThroughputRatio:F2}x rtpengine's packets{(GeneratorBound ? " and lost under 0.1 %: generator-bound, so that ratio is a floor, not the relay's maximum" : string.Empty)}. Kernel path in use: {(MediaNodeKernelPath ? "yes" : "no")}.{(KernelTakeover is { } takeover ? $" HA takeover (a standby unfencing 500 restored calls, one netlink transaction): {takeover}." : string.Empty)}");
}
