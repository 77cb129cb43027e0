using RtcOnAws.MediaNode.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.Relay.Tests;

/// <summary>
/// Hands each test its own port range, every port of it bindable when handed out. The ranges come from below the
/// kernel's ephemeral range (32768+) and from a region no other test project uses: a range inside the ephemeral range
/// lost ports to other processes' outgoing sockets under load, and a pool skips a port bound by anyone else, so tests
/// that count pairs failed.
/// </summary>
internal static class TestPorts
{
    private const int RegionStart = 2_000;
    private const int RegionEnd = 5_000;
    private static int _next = RegionStart + ((Environment.ProcessId % 10) * 300);

    public static (int Min, int Max) Range(int pairs)
    {
        int size = pairs * 2;
        for (int attempt = 0; attempt < (RegionEnd - RegionStart) / 2; attempt++)
        {
            int min = Interlocked.Add(ref _next, size + 2) - size - 2;
            if (min + size > RegionEnd)
            {
                Interlocked.CompareExchange(ref _next, RegionStart, min + size + 2);
                continue;
            }

            min += min % 2;
            if (FreePorts.AllBindable(min, min + size - 1))
            {
                return (min, min + size - 1);
            }
        }

        throw new InvalidOperationException($"no {size} free UDP ports in a row in {RegionStart}-{RegionEnd}");
    }
}
