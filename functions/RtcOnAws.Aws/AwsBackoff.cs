namespace RtcOnAws.Aws;

/// <summary>
/// Exponential backoff with full jitter, as the AWS SDKs use it: the wait before retry n is uniform in
/// [0, min(<see cref="AwsRetryOptions.MaxDelay"/>, <see cref="AwsRetryOptions.BaseDelay"/> * 2^(n-1))], so writers that
/// collided once spread out instead of colliding again in step.
/// </summary>
public static class AwsBackoff
{
    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1 = the first attempt failed).</summary>
    public static TimeSpan FullJitter(int attempt, AwsRetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var capTicks = Math.Min(retry.MaxDelay.Ticks, retry.BaseDelay.Ticks * (1L << exponent));
        return capTicks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Random.Shared.NextInt64(capTicks + 1));
    }
}
