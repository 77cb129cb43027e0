namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>Limits of the ng UDP server.</summary>
public sealed record NgServerOptions
{
    /// <summary>Largest request accepted; larger ones get an error reply. Default 32,768 bytes.</summary>
    public int MaxMessageBytes { get; init; } = 32_768;

    /// <summary>Replies kept for retransmitted cookies. Default 10,000.</summary>
    public int ReplyCacheCapacity { get; init; } = 10_000;

    /// <summary>How long a reply stays in the cache. Default 30 s (Kamailio retries within a few seconds).</summary>
    public TimeSpan ReplyCacheLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Parser bounds.</summary>
    public Bencode.BencodeLimits Limits { get; init; } = Bencode.BencodeLimits.Default;
}
