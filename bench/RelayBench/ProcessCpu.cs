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

    /// <summary>
    /// Busy CPU time of the whole machine (user + nice + system + irq + softirq of every core, from <c>/proc/stat</c>),
    /// in seconds: kernel forwarding runs in softirq context, charged to no relay process.
    /// </summary>
    public static double MachineBusySeconds()
    {
        using var reader = new StreamReader("/proc/stat");
        var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        foreach (int index in new[] { 1, 2, 3, 6, 7 })
        {
            busy += long.Parse(fields[index], CultureInfo.InvariantCulture);
        }

        return busy / TicksPerSecond;
    }

    /// <summary>Resident set size from <c>/proc/PID/status</c>, in KiB.</summary>
    public static long ResidentKiB(int pid) => StatusField(pid, "VmRSS:");

    /// <summary>Number of threads from <c>/proc/PID/status</c>.</summary>
    public static int Threads(int pid) => (int)StatusField(pid, "Threads:");

    private static long StatusField(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
