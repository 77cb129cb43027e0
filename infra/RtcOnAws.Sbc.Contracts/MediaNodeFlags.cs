namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// media-node's option names that the CDK writes (on the command line or, without the leading <c>--</c>, as keys of the
/// config file). media-node declares its options with these constants, so a renamed flag breaks the build, not the boot.
/// </summary>
public static class MediaNodeFlags
{
    /// <summary>Media interface <c>[NAME/]ADDRESS[!ADVERTISED]</c>.</summary>
    public const string Interface = "--interface";

    /// <summary>ng control <c>ADDRESS:PORT</c>.</summary>
    public const string ListenNg = "--listen-ng";

    /// <summary>Health and metrics <c>ADDRESS:PORT</c> or <c>off</c>.</summary>
    public const string ListenHttp = "--listen-http";

    /// <summary>Lowest media port.</summary>
    public const string PortMin = "--port-min";

    /// <summary>Highest media port.</summary>
    public const string PortMax = "--port-max";

    /// <summary>Bind media ports with <c>IP_FREEBIND</c>.</summary>
    public const string FreeBind = "--freebind";

    /// <summary>Forward established streams in the kernel: <c>auto</c> (default), <c>on</c> or <c>off</c>.</summary>
    public const string KernelForwarding = "--kernel-forwarding";

    /// <summary>The config file.</summary>
    public const string ConfigFile = "--config-file";

    /// <summary>CloudWatch namespace of the heartbeat metric.</summary>
    public const string HeartbeatNamespace = "--heartbeat-namespace";

    /// <summary>Redis <c>HOST:PORT[/DB]</c> of the HA pair.</summary>
    public const string Redis = "--redis";

    /// <summary>Redis over TLS.</summary>
    public const string RedisTls = "--redis-tls";

    /// <summary>Prefix of the pair's Redis keys.</summary>
    public const string RedisKeyPrefix = "--redis-key-prefix";

    /// <summary>Takeover mechanism (<c>aws</c>, <c>local</c>).</summary>
    public const string HaTakeover = "--ha-takeover";

    /// <summary>Pair tag <c>KEY=VALUE</c> the AWS takeover discovers the pair by.</summary>
    public const string HaAwsPairTag = "--ha-aws-pair-tag";

    /// <summary>File holding the heartbeat HMAC key.</summary>
    public const string HaHeartbeatKeyFile = "--ha-heartbeat-key-file";

    /// <summary>Milliseconds between peer heartbeats.</summary>
    public const string HaHeartbeatInterval = "--ha-heartbeat-interval";

    /// <summary>Milliseconds of peer silence before it counts as gone.</summary>
    public const string HaHeartbeatTimeout = "--ha-heartbeat-timeout";

    /// <summary>Milliseconds the Redis lease lives without renewal.</summary>
    public const string HaLeaseTtl = "--ha-lease-ttl";

    /// <summary>Milliseconds between lease renewals.</summary>
    public const string HaLeaseRenew = "--ha-lease-renew";

    /// <summary>Milliseconds before the lease could lapse at which an active that cannot renew stops forwarding.</summary>
    public const string HaFenceMargin = "--ha-fence-margin";

    /// <summary>The config-file key of a flag: its name without the leading <c>--</c>.</summary>
    /// <param name="flag">A flag such as <see cref="ListenNg"/>.</param>
    public static string Key(string flag) => flag[2..];
}
