namespace RtcOnAws.Sbc.Contracts;

/// <summary>What a node of a hot-standby pair adds to media-node's launch (<see cref="MediaNodeLaunchSettings.HighAvailability"/>).</summary>
public sealed record MediaNodeHaLaunch
{
    /// <summary>Redis <c>HOST:PORT/DB</c> of the session store (may be a deploy-time value).</summary>
    public required string Redis { get; init; }

    /// <summary>Whether Redis is reached over TLS.</summary>
    /// <remarks>Default: true.</remarks>
    public bool RedisTls { get; init; } = true;

    /// <summary>The pair's id: its Redis key prefix and the value of its <see cref="SbcTags.PairTagKey"/> tag.</summary>
    public required string PairId { get; init; }

    /// <summary>Milliseconds between peer heartbeats.</summary>
    public required int HeartbeatIntervalMs { get; init; }

    /// <summary>Milliseconds of peer silence before the peer counts as gone.</summary>
    public required int HeartbeatTimeoutMs { get; init; }

    /// <summary>Milliseconds the Redis lease lives without renewal.</summary>
    public required int LeaseTtlMs { get; init; }

    /// <summary>Milliseconds between lease renewals.</summary>
    public required int LeaseRenewMs { get; init; }

    /// <summary>Milliseconds before the lease could lapse at which an active that cannot renew stops forwarding.</summary>
    public required int FenceMarginMs { get; init; }

    /// <summary>Prefix of every Redis key of one pair: pairs sharing a store must not share calls or the lease.</summary>
    /// <param name="pairId">The pair's id.</param>
    public static string RedisKeyPrefix(string pairId) => $"rtconaws:{pairId}:";
}
