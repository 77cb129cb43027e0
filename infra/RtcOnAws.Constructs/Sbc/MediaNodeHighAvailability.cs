using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using RtcOnAws.Constructs.State;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// How an <see cref="SbcPair"/> with a <see cref="SbcPairProps.SessionStore"/> runs its media nodes as a hot-standby pair
/// (docs/high-availability.md): the flags added to the daemon's command line, the heartbeat key file the user data
/// fetches from Secrets Manager, and what the systemd unit grants for the address takeover.
/// </summary>
public static class MediaNodeHighAvailability
{
    /// <summary>File holding the pair's shared heartbeat key on each node: mode 0400, owned by the service user.</summary>
    public const string HeartbeatKeyFile = "/etc/rtconaws/heartbeat.key";

    /// <summary>
    /// Capabilities of the unit (ambient and bounding set): the AWS takeover adds the floating address to the
    /// interface (<c>CAP_NET_ADMIN</c>) and announces it with a gratuitous ARP from a packet socket (<c>CAP_NET_RAW</c>).
    /// </summary>
    public const string Capabilities = "CAP_NET_ADMIN CAP_NET_RAW";

    /// <summary>
    /// Nice level the unit lets the unprivileged daemon raise its threads to (<c>LimitNICE</c>): the heartbeat, lease and
    /// role threads run at -15 so a CPU busy with media does not delay the lease renewals (no <c>CAP_SYS_NICE</c> needed).
    /// </summary>
    public const int HighPriorityNice = -15;

    /// <summary>UDP port of the peer heartbeats: the media node's default, which it uses on the nodes' primary private addresses.</summary>
    public const int HeartbeatPort = 7000;

    /// <summary>Redis database of the call state and the lease.</summary>
    public const int RedisDatabase = 0;

    /// <summary>Minimum length of the heartbeat key the user data accepts from the secret (the media node's own minimum).</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>The flags the construct sets itself; <see cref="SbcPairProps.MediaNodeExtraArguments"/> may not repeat them.</summary>
    public static IReadOnlyList<string> ReservedFlags { get; } =
    [
        "--redis", "--redis-tls", "--redis-key-prefix", "--ha-takeover", "--ha-aws-pair-tag", "--ha-heartbeat-key-file", "--freebind",
        "--ha-heartbeat-interval", "--ha-heartbeat-timeout", "--ha-lease-ttl", "--ha-lease-renew", "--ha-fence-margin",
    ];

    /// <summary>Prefix of every Redis key of one pair: pairs sharing a store must not share calls or the lease.</summary>
    /// <param name="pairId">The pair's <see cref="SbcPair.PairId"/>.</param>
    public static string RedisKeyPrefix(string pairId) => $"rtconaws:{pairId}:";

    /// <summary>Whether <paramref name="argument"/> is one of the <see cref="ReservedFlags"/>, alone or as <c>--flag=value</c>.</summary>
    internal static bool IsReserved(string argument) =>
        ReservedFlags.Any(flag => argument == flag || argument.StartsWith(flag + "=", StringComparison.Ordinal));

    /// <summary>
    /// The daemon's HA flags: Redis over TLS (the endpoint, the store's primary, which follows ElastiCache failover, is in
    /// the config file with the AUTH token, see <see cref="SessionStoreAuthentication"/>), the pair's
    /// own key prefix, the EC2 takeover finding this node and its peer by the pair tag, the key file, and binding the
    /// floating address before owning it, and the failure-detection timers. Values may be deploy-time tokens.
    /// </summary>
    internal static IReadOnlyList<string> Arguments(SessionStore store, string pairId, MediaNodeHaTimers? timers) =>
    [
        // The store's address goes into the config file with its AUTH token (SessionStoreAuthentication), never on the
        // command line where every local user could read the token.
        "--redis-tls",
        "--redis-key-prefix", RedisKeyPrefix(pairId),
        "--ha-takeover", "aws",
        "--ha-aws-pair-tag", $"{SbcPair.PairTagKey}={pairId}",
        "--ha-heartbeat-key-file", HeartbeatKeyFile,
        "--freebind",
        "--ha-heartbeat-interval", Milliseconds(timers?.HeartbeatInterval ?? MediaNodeHaTimers.DefaultHeartbeatInterval),
        "--ha-heartbeat-timeout", Milliseconds(timers?.HeartbeatTimeout ?? MediaNodeHaTimers.DefaultHeartbeatTimeout),
        "--ha-lease-ttl", Milliseconds(timers?.LeaseTtl ?? MediaNodeHaTimers.DefaultLeaseTtl),
        "--ha-lease-renew", Milliseconds(timers?.LeaseRenew ?? MediaNodeHaTimers.DefaultLeaseRenew),
        "--ha-fence-margin", Milliseconds(timers?.FenceMargin ?? MediaNodeHaTimers.DefaultFenceMargin),
    ];

    /// <summary>Records an error for every timer, or ordering of timers, the media node would refuse at start.</summary>
    internal static void ValidateTimers(PropsValidator v, MediaNodeHaTimers timers, string prop)
    {
        var interval = KnownMilliseconds(timers.HeartbeatInterval ?? MediaNodeHaTimers.DefaultHeartbeatInterval);
        var timeout = KnownMilliseconds(timers.HeartbeatTimeout ?? MediaNodeHaTimers.DefaultHeartbeatTimeout);
        var ttl = KnownMilliseconds(timers.LeaseTtl ?? MediaNodeHaTimers.DefaultLeaseTtl);
        var renew = KnownMilliseconds(timers.LeaseRenew ?? MediaNodeHaTimers.DefaultLeaseRenew);
        var margin = KnownMilliseconds(timers.FenceMargin ?? MediaNodeHaTimers.DefaultFenceMargin);
        foreach (var (name, value) in new[] { ("HeartbeatInterval", interval), ("HeartbeatTimeout", timeout), ("LeaseTtl", ttl), ("LeaseRenew", renew), ("FenceMargin", margin) })
        {
            if (value is double ms && (ms < 1 || Math.Floor(ms) != ms))
            {
                v.Fail($"{prop}.{name}", $"{PropsValidator.Format(ms)} ms is not a whole, positive number of milliseconds", "whole milliseconds of at least 1");
            }
        }
        if (ttl < 20)
        {
            v.Fail($"{prop}.LeaseTtl", $"{PropsValidator.Format(ttl.Value)} ms is below the media node's 20 ms minimum", "at least 20 ms, default 300 ms");
        }
        if (timeout < 16)
        {
            v.Fail($"{prop}.HeartbeatTimeout", $"{PropsValidator.Format(timeout.Value)} ms is below the media node's 16 ms minimum", "at least 16 ms, default 150 ms");
        }
        if (margin >= ttl)
        {
            v.Fail($"{prop}.FenceMargin", $"{PropsValidator.Format(margin.Value)} ms is not below LeaseTtl {PropsValidator.Format(ttl!.Value)} ms", "a margin below the lease TTL, default 100 ms");
        }
        else if (renew * 2 > ttl - margin)
        {
            v.Fail($"{prop}.LeaseRenew", $"{PropsValidator.Format(renew!.Value)} ms is more than half of LeaseTtl minus FenceMargin ({PropsValidator.Format(ttl!.Value - margin!.Value)} ms), so one lost renewal would fence the active",
                "at most (LeaseTtl - FenceMargin) / 2, default 50 ms");
        }
        if (interval > 1000 || interval * 2 > timeout)
        {
            v.Fail($"{prop}.HeartbeatInterval", $"{PropsValidator.Format(interval!.Value)} ms is above 1000 ms or above half of HeartbeatTimeout", "at most 1000 ms and half of HeartbeatTimeout, default 20 ms");
        }
    }

    /// <summary>Whole milliseconds as the daemon's flag takes them (a token stays a token).</summary>
    private static string Milliseconds(Duration duration)
    {
        var ms = duration.ToMilliseconds(new TimeConversionOptions { Integral = false });
        return Token.IsUnresolved(ms) ? Token.AsString(ms) : ms.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Milliseconds of a duration known at synth; null for a deploy-time token (not validated).</summary>
    private static double? KnownMilliseconds(Duration duration) =>
        duration.IsUnresolved() ? null : duration.ToMilliseconds(new TimeConversionOptions { Integral = false });

    /// <summary>
    /// User-data commands that put the key in <see cref="HeartbeatKeyFile"/>: read with the AWS CLI into a file created
    /// under umask 077 (never on a command line, never printed), length checked, then owned by the service user and
    /// moved into place. Runs after the service user exists.
    /// </summary>
    internal static IEnumerable<string> HeartbeatKeyCommands(ISecret secret, string region)
    {
        const string staging = HeartbeatKeyFile + ".new";
        return
        [
            // The Secrets Manager endpoint may not answer the very first seconds after boot. AWS_PAGER= keeps CLI v2 from
            // piping through a pager.
            "for attempt in 1 2 3 4 5 6 7 8 9 10; do " +
            $"(umask 077 && AWS_PAGER= aws secretsmanager get-secret-value --region {region} --secret-id {secret.SecretArn} " +
            $"--query SecretString --output text | tr -d '\\r\\n' > {staging}) && break; " +
            "[ \"$attempt\" -lt 10 ] || exit 1; sleep 6; done",
            $"[ \"$(wc -c < {staging})\" -ge {MinimumKeyLength} ] || {{ echo 'heartbeat key secret is shorter than {MinimumKeyLength} characters' >&2; exit 1; }}",
            $"chown {MediaNodeInstallation.ServiceUser}:{MediaNodeInstallation.ServiceUser} {staging} && chmod 0400 {staging} && mv -f {staging} {HeartbeatKeyFile}",
        ];
    }
}
