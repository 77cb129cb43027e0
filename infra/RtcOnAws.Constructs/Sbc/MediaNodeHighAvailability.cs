using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using RtcOnAws.Constructs.State;
using RtcOnAws.Constructs.Validation;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// How an <see cref="SbcPair"/> with a <see cref="SbcPairProps.SessionStore"/> runs its media nodes as a hot-standby pair
/// (docs/high-availability.md): the flags added to the daemon's command line, the heartbeat key file the user data
/// fetches from Secrets Manager, and what the systemd unit grants for the address takeover.
/// </summary>
public static class MediaNodeHighAvailability
{
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

    /// <summary>Redis database of the call state and the lease.</summary>
    public const int RedisDatabase = 0;

    /// <summary>Minimum length of the heartbeat key the user data accepts from the secret (the media node's own minimum).</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>
    /// The daemon's HA launch: Redis over TLS (the store's primary endpoint, which follows ElastiCache failover, goes into the
    /// config file with the AUTH token at boot, see <see cref="SessionStoreAuthentication"/>), the pair's
    /// own key prefix and pair tag, and the failure-detection timers in whole milliseconds. Values may be deploy-time tokens.
    /// </summary>
    internal static MediaNodeHaLaunch Launch(ISessionStore store, string pairId, MediaNodeHaTimers? timers) => new()
    {
        Redis = null,
        RedisTls = true,
        PairId = pairId,
        HeartbeatIntervalMs = Milliseconds(timers?.HeartbeatInterval ?? MediaNodeHaTimers.DefaultHeartbeatInterval),
        HeartbeatTimeoutMs = Milliseconds(timers?.HeartbeatTimeout ?? MediaNodeHaTimers.DefaultHeartbeatTimeout),
        LeaseTtlMs = Milliseconds(timers?.LeaseTtl ?? MediaNodeHaTimers.DefaultLeaseTtl),
        LeaseRenewMs = Milliseconds(timers?.LeaseRenew ?? MediaNodeHaTimers.DefaultLeaseRenew),
        FenceMarginMs = Milliseconds(timers?.FenceMargin ?? MediaNodeHaTimers.DefaultFenceMargin),
    };

    /// <summary>Records an error for every timer, or ordering of timers, the media node would refuse at start.</summary>
    internal static void ValidateTimers(PropsValidator v, MediaNodeHaTimers timers, string prop)
    {
        foreach (var (name, duration) in new[] { ("HeartbeatInterval", timers.HeartbeatInterval), ("HeartbeatTimeout", timers.HeartbeatTimeout), ("LeaseTtl", timers.LeaseTtl), ("LeaseRenew", timers.LeaseRenew), ("FenceMargin", timers.FenceMargin) })
        {
            if (duration is not null && duration.IsUnresolved())
            {
                v.Fail($"{prop}.{name}", "is a deploy-time token", "a duration known at synth: the timers are written into the media node's command line and checked against each other");
            }
        }
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

    /// <summary>Whole milliseconds as the daemon's flag takes them; <see cref="ValidateTimers"/> has refused deploy-time durations.</summary>
    private static int Milliseconds(Duration duration) => (int)duration.ToMilliseconds(new TimeConversionOptions { Integral = false });

    /// <summary>Milliseconds of a duration known at synth; null for a deploy-time token (not validated).</summary>
    private static double? KnownMilliseconds(Duration duration) =>
        duration.IsUnresolved() ? null : duration.ToMilliseconds(new TimeConversionOptions { Integral = false });

    /// <summary>
    /// User-data commands that put the key in <see cref="SbcPaths.HeartbeatKeyFile"/>: read with the AWS CLI into a file created
    /// under umask 077 (never on a command line, never printed), length checked, then owned by the service user and
    /// moved into place. Runs after the service user exists.
    /// </summary>
    internal static IEnumerable<string> HeartbeatKeyCommands(ISecret secret, string region)
    {
        const string staging = SbcPaths.HeartbeatKeyFile + ".new";
        return
        [
            // The Secrets Manager endpoint may not answer the very first seconds after boot. AWS_PAGER= keeps CLI v2 from
            // piping through a pager.
            "for attempt in 1 2 3 4 5 6 7 8 9 10; do " +
            $"(umask 077 && AWS_PAGER= aws secretsmanager get-secret-value --region {region} --secret-id {secret.SecretArn} " +
            $"--query SecretString --output text | tr -d '\\r\\n' > {staging}) && break; " +
            "[ \"$attempt\" -lt 10 ] || exit 1; sleep 6; done",
            $"[ \"$(wc -c < {staging})\" -ge {MinimumKeyLength} ] || {{ echo 'heartbeat key secret is shorter than {MinimumKeyLength} characters' >&2; exit 1; }}",
            $"chown {SbcPaths.MediaNodeUser}:{SbcPaths.MediaNodeUser} {staging} && chmod 0400 {staging} && mv -f {staging} {SbcPaths.HeartbeatKeyFile}",
        ];
    }
}
