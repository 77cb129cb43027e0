namespace RtcOnAws.MediaNode.HighAvailability;

/// <summary>How the writer and the mirror wait to be done: a condition looked at every 10 ms on their clock, up to a timeout.</summary>
internal static class ConditionPolling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>True once <paramref name="condition"/> holds; false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < timeout)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(Interval, time).ConfigureAwait(false);
        }

        return false;
    }
}
