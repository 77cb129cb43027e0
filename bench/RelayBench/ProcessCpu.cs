using System.Globalization;

namespace RtcOnAws.Bench.Relay;

/// <summary>CPU time and memory of a process from /proc (all its threads, user + system).</summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = Native.sysconf(Native.SC_CLK_TCK);

    /// <summary>utime + stime from <c>/proc/PID/stat</c>, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var (user, system) = UserAndSystemSeconds(pid);
        return user + system;
    }

    /// <summary>utime and stime from <c>/proc/PID/stat</c>, in seconds.</summary>
    public static (double User, double System) UserAndSystemSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime / TicksPerSecond, stime / TicksPerSecond);
    }

    /// <summary>Resident set size from <c>/proc/PID/status</c>, in KiB.</summary>
    public static long ResidentKiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
