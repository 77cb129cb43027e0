using System.Globalization;
using System.Net;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>
/// One SIPp user agent in a namespace: the scenario's <c>&lt;log&gt;</c> lines (the drill's per-call record: which
/// media port the SBC put in the SDP, which step completed) and, for a caller, SIPp's own call statistics.
/// </summary>
public sealed class SippRun : IAsyncDisposable
{
    private readonly string _logFile;
    private readonly string _statFile;

    private SippRun(NamespacedProcess process, string logFile, string statFile)
    {
        Process = process;
        _logFile = logFile;
        _statFile = statFile;
    }

    /// <summary>The sipp process.</summary>
    public NamespacedProcess Process { get; }

    /// <summary>Where the scenario files are (copied next to this program).</summary>
    public static string ScenarioDirectory => Path.Combine(AppContext.BaseDirectory, "Sbc", "Scenarios");

    /// <summary>Starts sipp with <paramref name="scenario"/> (a file in <see cref="ScenarioDirectory"/>) bound to <paramref name="local"/>.</summary>
    /// <param name="name">Short name for the log files.</param>
    /// <param name="namespaceName">The user agent's namespace.</param>
    /// <param name="scenario">Scenario file name.</param>
    /// <param name="local">SIP address:port sipp binds.</param>
    /// <param name="arguments">Further sipp arguments (target, rates, -key values).</param>
    /// <param name="workDirectory">Where logs go.</param>
    public static SippRun Start(string name, string namespaceName, string scenario, IPEndPoint local, IReadOnlyList<string> arguments, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(local);
        var logFile = Path.Combine(workDirectory, $"{name}.calls.log");
        var statFile = Path.Combine(workDirectory, $"{name}.stat.csv");
        string[] command =
        [
            "sipp", .. arguments,
            "-sf", Path.Combine(ScenarioDirectory, scenario),
            "-i", local.Address.ToString(), "-p", local.Port.ToString(CultureInfo.InvariantCulture),
            "-nostdin",
            "-trace_logs", "-log_file", logFile,
            "-trace_stat", "-stf", statFile, "-fd", "1",
            "-trace_err", "-error_file", Path.Combine(workDirectory, $"{name}.errors.log"),
        ];
        return new SippRun(NamespacedProcess.Start(name, namespaceName, command, workDirectory), logFile, statFile);
    }

    /// <summary>The scenario's log lines so far, split into words (e.g. <c>["answered", "3", "m=audio", "30004"]</c>).</summary>
    public IReadOnlyList<string[]> Lines()
    {
        try
        {
            using var stream = new FileStream(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split(' '))];
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }

    /// <summary>Per call number, the port that ends the first log line starting with <paramref name="step"/> (<c>answered 3 m=audio 30004</c>).</summary>
    public IReadOnlyDictionary<int, int> Ports(string step)
    {
        var ports = new Dictionary<int, int>();
        foreach (var line in Lines())
        {
            if (line.Length >= 3 && line[0] == step
                && int.TryParse(line[1], CultureInfo.InvariantCulture, out var call) && int.TryParse(line[^1], CultureInfo.InvariantCulture, out var port))
            {
                ports.TryAdd(call, port);
            }
        }

        return ports;
    }

    /// <summary>Distinct call numbers with a log line starting with <paramref name="step"/>.</summary>
    public int Count(string step) => Lines().Where(l => l.Length >= 2 && l[0] == step).Select(l => l[1]).Distinct().Count();

    /// <summary>Waits until <paramref name="count"/> calls logged <paramref name="step"/>; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAsync(string step, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Count(step) < count)
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>A cumulative counter from SIPp's last statistics dump, e.g. <c>FailedCall(C)</c>; -1 when absent.</summary>
    public long Statistic(string column)
    {
        string[] lines;
        try
        {
            using var stream = new FileStream(_statFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (FileNotFoundException)
        {
            return -1;
        }

        if (lines.Length < 2)
        {
            return -1;
        }

        var index = Array.IndexOf(lines[0].Split(';'), column);
        var values = lines[^1].Split(';');
        return index >= 0 && index < values.Length && long.TryParse(values[index], CultureInfo.InvariantCulture, out var value) ? value : -1;
    }

    /// <summary>Waits for sipp to finish on its own; false on timeout.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) => Process.WaitForExitAsync(timeout);

    /// <summary>Kills sipp if it still runs.</summary>
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
