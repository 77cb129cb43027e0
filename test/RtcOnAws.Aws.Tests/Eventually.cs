namespace RtcOnAws.Aws.Tests;

/// <summary>Polls a condition until it holds or a generous deadline passes (no wall-clock assertions).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan within, string? because = null)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException(because ?? $"Condition not met within {within.TotalSeconds:F0} s.");
            await Task.Delay(50);
        }
    }
}
