using System.Diagnostics;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a generous deadline passes (robust on a loaded CI box).</summary>
public static class Eventually
{
    /// <summary>Default wait.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Waits for <paramref name="condition"/>; fails with <paramref name="what"/> on timeout.</summary>
    public static async Task True(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > (timeout ?? DefaultTimeout))
            {
                Assert.Fail($"timed out after {watch.Elapsed.TotalSeconds:0.0} s waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits for an asynchronous <paramref name="condition"/>.</summary>
    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > (timeout ?? DefaultTimeout))
            {
                Assert.Fail($"timed out after {watch.Elapsed.TotalSeconds:0.0} s waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }
}
