using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>Waits for a condition that needs the product's timers (retries, probes) while a fake clock drives them.</summary>
public static class FakeClock
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Moves <paramref name="time"/> on in small steps until <paramref name="condition"/> holds, so every retry tick and
    /// timeout of the code under test fires in order; real time only bounds the wait (<see cref="Eventually.DefaultTimeout"/>
    /// unless <paramref name="limit"/> is given). Fails with <paramref name="what"/> on timeout.
    /// </summary>
    public static async Task UntilAsync(this FakeTimeProvider time, Func<bool> condition, Func<string> what, TimeSpan? limit = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > (limit ?? Eventually.DefaultTimeout))
            {
                Assert.Fail($"timed out after {watch.Elapsed.TotalSeconds:0.0} s waiting for: {what()}");
            }

            time.Advance(Step);
            await Task.Delay(5);
        }
    }
}
