using System.Globalization;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// A .NET process's resident memory by kind of mapping, from <c>/proc/PID/smaps</c>, in KiB. Anonymous mappings carry no
/// name, so they are told apart by shape: the GC's regions live in one contiguous reservation of many GiB; a thread's
/// stack is the mapping its stack pointer (<c>/proc/PID/task/TID/syscall</c>) points into; glibc's malloc arenas are
/// 64 MiB-aligned runs of 64 MiB (plus <c>[heap]</c>, the main arena). The runtime's loader heaps and JIT'd code sit in
/// <c>memfd:doublemapper</c> (mapped twice, writable and executable, and counted in RSS once per mapping).
/// </summary>
internal sealed record ResidentBreakdown(IReadOnlyDictionary<string, long> KiBByKind)
{
    public const string GcHeap = "GC heap";
    public const string Stacks = "thread stacks";
    public const string Malloc = "malloc heap and arenas";
    public const string Other = "other anonymous";
    public const string JitAndLoaderHeaps = "JIT code and loader heaps (memfd)";
    public const string Assemblies = "managed assemblies (.dll)";
    public const string NativeLibraries = "native libraries (.so)";
    public const string OtherFiles = "other files";

    public static readonly IReadOnlyList<string> Kinds = [GcHeap, Stacks, Malloc, Other, JitAndLoaderHeaps, Assemblies, NativeLibraries, OtherFiles];

    private const ulong GcReservationMinimum = 1UL << 30;
    private const ulong ArenaSize = 64UL << 20;

    public long this[string kind] => KiBByKind.GetValueOrDefault(kind);

    public long Total => KiBByKind.Values.Sum();

    public static ResidentBreakdown Read(int pid)
    {
        var mappings = ReadMappings(pid);
        var stackPointers = StackPointers(pid);
        var kinds = new Dictionary<string, long>(StringComparer.Ordinal);
        var arenas = MallocArenas(mappings);
        foreach (var run in AnonymousRuns(mappings))
        {
            bool gc = mappings[run.Last].End - mappings[run.First].Start >= GcReservationMinimum;
            for (int i = run.First; i <= run.Last; i++)
            {
                var mapping = mappings[i];
                string kind = gc ? GcHeap
                    : stackPointers.Any(sp => sp >= mapping.Start && sp < mapping.End) ? Stacks
                    : arenas.Contains(i) ? Malloc
                    : Other;
                kinds[kind] = kinds.GetValueOrDefault(kind) + mapping.ResidentKiB;
            }
        }

        foreach (var mapping in mappings.Where(m => m.Path.Length > 0))
        {
            string kind = mapping.Path switch
            {
                "[heap]" => Malloc,
                "[stack]" => Stacks,
                _ when mapping.Path.StartsWith("/memfd:doublemapper", StringComparison.Ordinal) => JitAndLoaderHeaps,
                _ when mapping.Path.EndsWith(".dll", StringComparison.Ordinal) => Assemblies,
                _ when mapping.Path.Contains(".so", StringComparison.Ordinal) => NativeLibraries,
                _ => OtherFiles,
            };
            kinds[kind] = kinds.GetValueOrDefault(kind) + mapping.ResidentKiB;
        }

        return new ResidentBreakdown(kinds);
    }

    /// <summary>
    /// glibc's per-thread arenas: a 64 MiB-aligned reservation of 64 MiB, its used part read-write and the rest
    /// inaccessible (two mappings, or one when full), whatever anonymous mapping happens to sit next to it.
    /// </summary>
    private static HashSet<int> MallocArenas(List<Mapping> mappings)
    {
        var arenas = new HashSet<int>();
        for (int i = 0; i < mappings.Count; i++)
        {
            var mapping = mappings[i];
            if (mapping.Path.Length != 0 || mapping.Start % ArenaSize != 0 || !mapping.Permissions.StartsWith("rw", StringComparison.Ordinal))
            {
                continue;
            }

            if (mapping.End - mapping.Start == ArenaSize)
            {
                arenas.Add(i);
            }
            else if (i + 1 < mappings.Count && mappings[i + 1] is { Path.Length: 0 } rest && rest.Start == mapping.End
                && rest.End == mapping.Start + ArenaSize && rest.Permissions.StartsWith("---", StringComparison.Ordinal))
            {
                arenas.Add(i);
                arenas.Add(i + 1);
            }
        }

        return arenas;
    }

    /// <summary>Index ranges of address-contiguous anonymous mappings (a reservation split by protection changes).</summary>
    private static IEnumerable<(int First, int Last)> AnonymousRuns(List<Mapping> mappings)
    {
        int first = -1;
        for (int i = 0; i <= mappings.Count; i++)
        {
            bool anonymous = i < mappings.Count && mappings[i].Path.Length == 0;
            bool continues = anonymous && first >= 0 && mappings[i].Start == mappings[i - 1].End;
            if (first >= 0 && !continues)
            {
                yield return (first, i - 1);
                first = -1;
            }

            if (anonymous && first < 0)
            {
                first = i;
            }
        }
    }

    private static List<Mapping> ReadMappings(int pid)
    {
        var mappings = new List<Mapping>();
        Mapping? current = null;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            int dash = line.IndexOf('-');
            if (dash > 0 && dash < 17 && char.IsAsciiHexDigit(line[0]) && line.IndexOf(' ') > dash)
            {
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                current = new Mapping(
                    ulong.Parse(line[..dash], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    ulong.Parse(fields[0][(dash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    fields[1],
                    fields.Length > 5 ? fields[5].Trim() : string.Empty);
                mappings.Add(current);
            }
            else if (current is not null && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                current.ResidentKiB = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return mappings;
    }

    /// <summary>Each thread's stack pointer where it sleeps in a system call (the second-to-last field of <c>syscall</c>).</summary>
    private static List<ulong> StackPointers(int pid)
    {
        var pointers = new List<ulong>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var fields = File.ReadAllText(Path.Combine(task, "syscall")).Trim().Split(' ');
                if (fields.Length >= 3 && fields[^2].StartsWith("0x", StringComparison.Ordinal))
                {
                    pointers.Add(ulong.Parse(fields[^2][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return pointers;
    }

    private sealed class Mapping(ulong start, ulong end, string permissions, string path)
    {
        public ulong Start { get; } = start;

        public ulong End { get; } = end;

        public string Permissions { get; } = permissions;

        public string Path { get; } = path;

        public long ResidentKiB { get; set; }
    }
}
