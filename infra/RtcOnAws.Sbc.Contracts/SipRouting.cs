namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// Where an SBC node sends requests from callers. With upstreams, they form one dispatcher set probed with OPTIONS:
/// calls go to the first upstream that answers probes, and fail over to the next on a timeout or 5xx. Without
/// upstreams the node is an outbound proxy: it forwards by Request-URI, but only for its own <see cref="KamailioSettings.Domain"/>.
/// </summary>
public sealed record SipRouting
{
    /// <summary>Forwarding by Request-URI (no upstream).</summary>
    public static SipRouting ByRequestUri { get; } = new();

    /// <summary>The upstreams, in order of preference.</summary>
    /// <remarks>Default: none (forward by Request-URI).</remarks>
    public IReadOnlyList<SipUpstream> Upstreams { get; init; } = [];

    /// <summary>Seconds between OPTIONS probes of every upstream, 1 to 3600.</summary>
    /// <remarks>Default: 10.</remarks>
    public int ProbeIntervalSeconds { get; init; } = 10;

    /// <summary>Failed probes in a row before an upstream is taken out of service, 1 to 10.</summary>
    /// <remarks>Default: 2.</remarks>
    public int ProbeFailureThreshold { get; init; } = 2;

    /// <summary>A routing through these upstreams with default probing.</summary>
    /// <param name="upstreams">The upstreams, in order of preference.</param>
    public static SipRouting Through(params SipUpstream[] upstreams) => new() { Upstreams = upstreams };
}
