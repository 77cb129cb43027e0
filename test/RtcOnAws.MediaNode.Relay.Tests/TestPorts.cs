namespace RtcOnAws.MediaNode.Relay.Tests;

/// <summary>
/// Hands each test its own port range so tests running in parallel never compete for a pair
/// (a pool skips ports bound by anyone else, so an outside collision only costs a pair).
/// </summary>
internal static class TestPorts
{
    private static int _next = 40000 + ((Environment.ProcessId % 16) * 1000);

    public static (int Min, int Max) Range(int pairs)
    {
        int min = Interlocked.Add(ref _next, (pairs * 2) + 2) - (pairs * 2) - 2;
        if (min % 2 != 0)
        {
            min++;
        }

        return (min, min + (pairs * 2) - 1);
    }
}
