using System.Diagnostics;
using System.Globalization;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// A whole-machine <c>perf</c> profile (all CPUs: kernel forwarding runs in softirq, in whatever process the packet
/// interrupted) over one measuring window, reduced to the hottest process/symbol pairs for the report.
/// </summary>
internal sealed class KernelProfile : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"relay-bench-{Environment.ProcessId}.perf");
    private readonly Process? _record;

    private KernelProfile(int seconds)
    {
        _record = Start("perf", ["record", "-a", "-F", "499", "-q", "-o", _data, "--", "sleep", seconds.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>Starts recording for <paramref name="seconds"/>; null when <c>perf</c> is not installed.</summary>
    public static KernelProfile? TryStart(int seconds) =>
        File.Exists("/usr/bin/perf") ? new KernelProfile(seconds) : null;

    /// <summary>Waits for the recording and returns the top lines of <c>perf report</c> (process, symbol, share of all samples).</summary>
    public string Report()
    {
        if (_record is null)
        {
            return string.Empty;
        }

        _record.WaitForExit();
        using var report = Start("perf", ["report", "-i", _data, "--stdio", "--no-children", "--sort", "comm,sym", "--percent-limit", "0.5", "-q"]);
        string output = report?.StandardOutput.ReadToEnd() ?? string.Empty;
        report?.WaitForExit();
        return string.Join('\n', output.Split('\n').Where(line => line.Trim().Length > 0).Take(25));
    }

    public void Dispose()
    {
        _record?.Dispose();
        File.Delete(_data);
    }

    private static Process? Start(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start);
        process?.ErrorDataReceived += (_, _) => { };
        process?.BeginErrorReadLine();
        return process;
    }
}
