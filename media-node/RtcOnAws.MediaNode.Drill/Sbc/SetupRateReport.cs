using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>The call setup rate ramp through one SBC node: every step, and the highest rate sustained before the first failure.</summary>
public sealed class SetupRateReport(IReadOnlyList<SetupRateStep> steps)
{
    /// <summary>The steps, in the order run.</summary>
    [JsonPropertyName("steps")]
    public IReadOnlyList<SetupRateStep> Steps { get; } = steps;

    /// <summary>Highest rate whose step completed every call on time (0 when none did).</summary>
    [JsonPropertyName("max_sustained_setups_per_second")]
    public int MaxSustained => Steps.TakeWhile(s => s.Sustained).Select(s => s.Rate).DefaultIfEmpty(0).Max();

    /// <summary>The report as one JSON line.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SetupRateReportJsonContext.Default.SetupRateReport);

    /// <summary>A table of the steps and the result.</summary>
    public string ToTable()
    {
        var text = new StringBuilder("rate/s  calls  completed  failed  seconds  sustained\n");
        foreach (var step in Steps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{step.Rate,6}  {step.Calls,5}  {step.Completed,9}  {step.Failed,6}  {step.Seconds,7:0.0}  {(step.Sustained ? "yes" : "NO")}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"highest call setup rate sustained through one SBC node: {MaxSustained}/s");
        return text.ToString();
    }
}

/// <summary>Source-generated JSON for the report.</summary>
[JsonSerializable(typeof(SetupRateReport))]
internal sealed partial class SetupRateReportJsonContext : JsonSerializerContext;
