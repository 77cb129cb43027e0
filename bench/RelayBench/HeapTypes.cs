using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Live managed objects by type, from <c>dotnet-gcdump report -p PID</c> (which forces a full collection in the
/// target first): bytes per type, with the gcdump's size buckets ("(Bytes &gt; 1K)") folded into one type.
/// </summary>
internal static partial class HeapTypes
{
    public static IReadOnlyDictionary<string, long> Read(string gcdumpTool, int pid)
    {
        var start = new ProcessStartInfo(gcdumpTool) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("report");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {gcdumpTool}.");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{gcdumpTool} report -p {pid} failed: {error.Result}");
        }

        var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(output))
        {
            string type = row.Groups["type"].Value.Trim();
            // The report's first column is the size of one object of the row, the second how many there are.
            long size = long.Parse(row.Groups["bytes"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            long count = long.Parse(row.Groups["count"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            bytes[type] = bytes.GetValueOrDefault(type) + (size * count);
        }

        return bytes;
    }

    [GeneratedRegex(@"^\s*(?<bytes>[\d,]+)\s+(?<count>[\d,]+)\s+(?<type>.+?)(\s+\(Bytes > \d+K?\))?\s+\[[^\]]+\]\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
