using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// A whole-machine <c>perf</c> profile (all CPUs: kernel forwarding runs in softirq, in whatever process the packet
/// interrupted) over one measuring window, as samples per symbol of the benchmark's own threads (the generator's, the
/// relay's, and the kernel's softirq and idle threads: other load on a shared machine is left out). Two of them, a
/// relay's run and the direct baseline's at the same rate, differ by where the relay's time goes.
/// </summary>
internal sealed partial class KernelProfile : IDisposable
{
    /// <summary>perf's sampling frequency per CPU: one sample stands for 1/499 s of that CPU's time.</summary>
    private const int Frequency = 499;

    private readonly string _data = Path.Combine(Path.GetTempPath(), $"relay-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.perf");
    private readonly Process? _record;

    private KernelProfile(int seconds)
    {
        _record = Start("perf", ["record", "-a", "-F", Frequency.ToString(CultureInfo.InvariantCulture), "-q", "-o", _data, "--", "sleep", seconds.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>Samples per symbol (<c>[k] name</c> for the kernel, <c>[.] name</c> for user space) over one window, and the packets relayed in it.</summary>
    internal sealed record Samples(IReadOnlyDictionary<string, long> BySymbol, long Packets = 0);

    /// <summary>Starts recording for <paramref name="seconds"/>; null when <c>perf</c> is not installed.</summary>
    public static KernelProfile? TryStart(int seconds) =>
        File.Exists("/usr/bin/perf") ? new KernelProfile(seconds) : null;

    /// <summary>
    /// The symbols whose samples grew most from the baseline's window to the relay's, in µs of CPU per relayed packet,
    /// and the net growth over all symbols (idle time, which shrinks, excluded).
    /// </summary>
    public static string Difference(Samples relay, Samples baseline, int top)
    {
        double MicrosPerPacket(long samples) => samples * 1e6 / Frequency / relay.Packets;
        var growth = relay.BySymbol.Keys.Union(baseline.BySymbol.Keys)
            .Where(symbol => !IsIdle(symbol))
            .Select(symbol => (Symbol: symbol, Samples: relay.BySymbol.GetValueOrDefault(symbol) - baseline.BySymbol.GetValueOrDefault(symbol)))
            .ToArray();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"µs/packet",10}  symbol");
        foreach (var (symbol, samples) in growth.OrderByDescending(g => g.Samples).Take(top).Where(g => g.Samples > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{MicrosPerPacket(samples),10:F3}  {symbol}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{MicrosPerPacket(growth.Sum(g => g.Samples)),10:F3}  all non-idle symbols, net");
        text.Append(CultureInfo.InvariantCulture, $"(one sample = {MicrosPerPacket(1):F4} µs per packet; a count of n samples is uncertain by about √n)");
        return text.ToString();
    }

    /// <summary>The names (<c>comm</c>) of a process's threads, as perf reports them.</summary>
    public static IEnumerable<string> ThreadNames(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim());

    /// <summary>Waits for the recording and reads the samples per symbol of threads named <paramref name="comms"/> (and the kernel's softirq and idle threads); null when perf failed.</summary>
    public Samples? Collect(IReadOnlySet<string> comms)
    {
        if (_record is null)
        {
            return null;
        }

        _record.WaitForExit();
        using var report = Start("perf", ["report", "-i", _data, "--stdio", "--no-children", "-n", "--sort", "comm,sym", "--percent-limit", "0", "-q"]);
        string output = report?.StandardOutput.ReadToEnd() ?? string.Empty;
        report?.WaitForExit();
        var bySymbol = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match match in ReportLine().Matches(output))
        {
            string comm = match.Groups["comm"].Value.Trim();
            if (!comms.Contains(comm) && !comm.StartsWith("ksoftirqd", StringComparison.Ordinal) && !comm.StartsWith("swapper", StringComparison.Ordinal))
            {
                continue;
            }

            // perf cannot name JIT-compiled .NET code: one bucket, not a list of addresses.
            string symbol = UnresolvedAddress().IsMatch(match.Groups["symbol"].Value.Trim()) ? "[.] unresolved user-space code (JIT-compiled .NET)" : match.Groups["symbol"].Value.Trim();
            bySymbol[symbol] = bySymbol.GetValueOrDefault(symbol) + long.Parse(match.Groups["samples"].Value, CultureInfo.InvariantCulture);
        }

        return bySymbol.Count == 0 ? null : new Samples(bySymbol);
    }

    public void Dispose()
    {
        _record?.Dispose();
        File.Delete(_data);
    }

    /// <summary>A CPU with nothing to do: time the relay's run spends here is not work.</summary>
    private static bool IsIdle(string symbol) =>
        symbol.Contains("safe_halt", StringComparison.Ordinal) || symbol.Contains("_idle", StringComparison.Ordinal)
        || symbol.EndsWith("] mwait", StringComparison.Ordinal) || symbol.Contains("cpuidle", StringComparison.Ordinal);

    // "    12.34%          1234  load-sender      [k] symbol" (thread names may hold spaces)
    [GeneratedRegex(@"^\s*[\d.]+%\s+(?<samples>\d+)\s+(?<comm>.+?)\s+(?<symbol>\[.\] .*)$", RegexOptions.Multiline)]
    private static partial Regex ReportLine();

    [GeneratedRegex(@"^\[\.\] 0x[0-9a-f]+$")]
    private static partial Regex UnresolvedAddress();

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
