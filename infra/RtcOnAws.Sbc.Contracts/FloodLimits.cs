namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// Kamailio <c>pike</c> limits on requests from untrusted sources: a source sending more than
/// <see cref="RequestsPerWindow"/> requests within <see cref="WindowSeconds"/> is blocked (its requests dropped without reply)
/// until it slows down.
/// </summary>
public sealed record FloodLimits
{
    /// <summary>Sampling window in seconds, 1 to 60.</summary>
    /// <remarks>Default: 2.</remarks>
    public int WindowSeconds { get; init; } = 2;

    /// <summary>Requests per window and source address above which it counts as a flood, 1 to 100000.</summary>
    /// <remarks>Default: 40 (20 requests per second: far above what one phone or trunk sends out of dialog).</remarks>
    public int RequestsPerWindow { get; init; } = 40;
}
