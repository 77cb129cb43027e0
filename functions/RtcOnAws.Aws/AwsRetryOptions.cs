namespace RtcOnAws.Aws;

/// <summary>
/// How throttled (RequestLimitExceeded, Throttling, ...), 5xx and transport failures are retried:
/// exponential backoff with full jitter, bounded by a per-call deadline and by any ambient <see cref="AwsDeadline"/>.
/// </summary>
public sealed class AwsRetryOptions
{
    /// <summary>Most attempts per call, first one included. Default: 100 (the deadline is the real bound).</summary>
    public int MaxAttempts { get; set; } = 100;

    /// <summary>Backoff cap before jitter for the first retry; doubles each retry. Default: 100 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest backoff cap. Default: 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Total time one call (all attempts and waits) may take. Default: 30 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be at least 1.");
        if (BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "BaseDelay must not be negative.");
        if (MaxDelay < BaseDelay) throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "MaxDelay must be at least BaseDelay.");
        if (CallTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "CallTimeout must be positive.");
    }
}
