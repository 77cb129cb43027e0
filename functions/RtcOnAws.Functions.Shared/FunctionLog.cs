using System.Text.Json;

namespace RtcOnAws.Functions;

/// <summary>
/// Writes one JSON object per line to stdout, which Lambda ships to CloudWatch Logs. A line that carries an
/// <c>_aws</c> member is also a CloudWatch Embedded Metric Format record, so one line is both the log and the metric.
/// </summary>
internal static class FunctionLog
{
    private static readonly Lock Gate = new();

    /// <summary>Writes one line stamped with <paramref name="time"/>'s current time.</summary>
    public static void Write(TimeProvider time, Action<Utf8JsonWriter> writeFields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", time.GetUtcNow());
            writeFields(json);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (Gate)
        {
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            stdout.Flush();
        }
    }

    /// <summary>Writes the EMF metadata block declaring <paramref name="metrics"/> under <paramref name="metricNamespace"/>.</summary>
    public static void WriteMetricDirective(Utf8JsonWriter json, TimeProvider time, string metricNamespace, string[] dimensions, params (string Name, string Unit)[] metrics)
    {
        json.WriteStartObject("_aws");
        json.WriteNumber("Timestamp", time.GetUtcNow().ToUnixTimeMilliseconds());
        json.WriteStartArray("CloudWatchMetrics");
        json.WriteStartObject();
        json.WriteString("Namespace", metricNamespace);
        json.WriteStartArray("Dimensions");
        json.WriteStartArray();
        foreach (var dimension in dimensions)
        {
            json.WriteStringValue(dimension);
        }

        json.WriteEndArray();
        json.WriteEndArray();
        json.WriteStartArray("Metrics");
        foreach (var (name, unit) in metrics)
        {
            json.WriteStartObject();
            json.WriteString("Name", name);
            json.WriteString("Unit", unit);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
