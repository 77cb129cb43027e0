namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Latencies in 1 µs buckets up to 100 ms (longer ones land in the last bucket), written by the generator's receiver
/// thread and read between windows: percentiles without keeping or sorting samples, and no allocation per packet.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 100_000;

    private readonly long[] _counts = new long[Buckets + 1];

    /// <summary>Counts one latency of <paramref name="nanoseconds"/> (negative ones, a clock step, count as 0).</summary>
    public void Add(long nanoseconds) => _counts[Math.Clamp(nanoseconds / 1000, 0, Buckets)]++;

    /// <summary>Forgets what was counted (call at the start of a measuring window).</summary>
    public void Reset()
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            Interlocked.Exchange(ref _counts[i], 0);
        }
    }

    /// <summary>The <paramref name="percentile"/> (0-100) in µs since <see cref="Reset"/>; NaN if nothing was counted.</summary>
    public double PercentileMicros(double percentile)
    {
        long total = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            total += Volatile.Read(ref _counts[i]);
        }

        if (total == 0)
        {
            return double.NaN;
        }

        long rank = (long)Math.Ceiling(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return i;
            }
        }

        return Buckets;
    }
}
