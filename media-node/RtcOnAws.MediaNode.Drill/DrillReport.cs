using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>The outcome of a drill: per call and in total.</summary>
public sealed class DrillReport
{
    /// <summary>Creates the report from the per-call results.</summary>
    public DrillReport(IReadOnlyList<DrillCallResult> calls, double failoverMs)
    {
        Calls = calls;
        FailoverMs = failoverMs;
        var gaps = calls.Select(c => c.MaxGapMs).Order().ToArray();
        MaxGapMs = gaps.Length == 0 ? 0 : gaps[^1];
        P50GapMs = Percentile(gaps, 0.50);
        P99GapMs = Percentile(gaps, 0.99);
        PacketsLost = calls.Sum(c => c.LostForward + c.LostBackward);
        PacketsSent = calls.Sum(c => c.SentForward + c.SentBackward);
        var failoverGaps = calls.Select(c => c.FailoverGapMs).Where(g => g >= 0).Order().ToArray();
        FailoverGapMaxMs = failoverGaps.Length == 0 ? -1 : failoverGaps[^1];
        FailoverGapP50Ms = failoverGaps.Length == 0 ? -1 : Percentile(failoverGaps, 0.50);
        FailoverGapP99Ms = failoverGaps.Length == 0 ? -1 : Percentile(failoverGaps, 0.99);
    }

    /// <summary>Per-call results.</summary>
    [JsonIgnore]
    public IReadOnlyList<DrillCallResult> Calls { get; }

    /// <summary>Calls set up.</summary>
    [JsonPropertyName("calls_total")]
    public int CallsTotal => Calls.Count;

    /// <summary>Calls with two-way audio after the failover.</summary>
    [JsonPropertyName("calls_kept")]
    public int CallsKept => Calls.Count(c => c.Kept);

    /// <summary>Longest silence of any call in either direction.</summary>
    [JsonPropertyName("max_gap_ms")]
    public double MaxGapMs { get; }

    /// <summary>Median over calls of their longest silence.</summary>
    [JsonPropertyName("p50_gap_ms")]
    public double P50GapMs { get; }

    /// <summary>99th percentile over calls of their longest silence.</summary>
    [JsonPropertyName("p99_gap_ms")]
    public double P99GapMs { get; }

    /// <summary>Packets lost, both directions, all calls.</summary>
    [JsonPropertyName("packets_lost")]
    public long PacketsLost { get; }

    /// <summary>Packets sent, both directions, all calls.</summary>
    [JsonPropertyName("packets_sent")]
    public long PacketsSent { get; }

    /// <summary>Longest silence spanning the kill, over calls (the failover's own gap; -1 when no kill).</summary>
    [JsonPropertyName("failover_gap_max_ms")]
    public double FailoverGapMaxMs { get; }

    /// <summary>Median over calls of the silence spanning the kill.</summary>
    [JsonPropertyName("failover_gap_p50_ms")]
    public double FailoverGapP50Ms { get; }

    /// <summary>99th percentile over calls of the silence spanning the kill.</summary>
    [JsonPropertyName("failover_gap_p99_ms")]
    public double FailoverGapP99Ms { get; }

    /// <summary>Time from SIGKILL of the active until the standby reported itself active (-1 if not observed).</summary>
    [JsonPropertyName("failover_ms")]
    public double FailoverMs { get; }

    /// <summary>The report as one JSON line.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, DrillReportJsonContext.Default.DrillReport);

    /// <summary>A human-readable table (worst calls first, at most <paramref name="rows"/>) and the totals.</summary>
    public string ToTable(int rows = 20)
    {
        var text = new StringBuilder();
        text.AppendLine("call  sent->  lost->  gap-> ms  <-sent  <-lost  <-gap ms  kept");
        foreach (var call in Calls.OrderByDescending(c => c.MaxGapMs).Take(rows))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{call.Call,4}  {call.SentForward,6}  {call.LostForward,6}  {call.MaxGapForwardMs,8:0.0}  {call.SentBackward,6}  {call.LostBackward,6}  {call.MaxGapBackwardMs,8:0.0}  {(call.Kept ? "yes" : "NO")}");
        }

        if (Calls.Count > rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"... {Calls.Count - rows} more calls (sorted by longest gap)");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"calls kept {CallsKept}/{CallsTotal}, max gap {MaxGapMs:0.0} ms, p50 {P50GapMs:0.0} ms, p99 {P99GapMs:0.0} ms, packets lost {PacketsLost}/{PacketsSent}, standby active {FailoverMs:0} ms after SIGKILL; silence across the kill: max {FailoverGapMaxMs:0.0} ms, p50 {FailoverGapP50Ms:0.0} ms, p99 {FailoverGapP99Ms:0.0} ms");
        return text.ToString();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Source-generated JSON for the report.</summary>
[JsonSerializable(typeof(DrillReport))]
internal sealed partial class DrillReportJsonContext : JsonSerializerContext;
