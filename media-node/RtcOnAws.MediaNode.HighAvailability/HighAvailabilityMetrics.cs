using System.Collections.Concurrent;
using RtcOnAws.MediaNode.Engine.Metrics;
using RtcOnAws.MediaNode.HighAvailability.Dtls;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.State;

namespace RtcOnAws.MediaNode.HighAvailability;

/// <summary>
/// Counters and gauges of the HA agent, exposed on <c>/metrics</c> through <see cref="RegisterWith"/>.
/// Updated from several threads with interlocked operations; read rarely (scrapes).
/// </summary>
public sealed class HighAvailabilityMetrics
{
    private readonly ConcurrentDictionary<(NodeRole From, NodeRole To, string Reason), long> _transitions = new();
    private readonly long[] _rejected = new long[Enum.GetValues<CallRecordRejection>().Length];
    private readonly long[] _dtlsCertificateReplacements = new long[Enum.GetValues<PairCertificateReplacement>().Length];
    private int _role = (int)NodeRole.Standby;
    private long _redisWrites;
    private long _redisWriteErrors;
    private long _redisDeletes;
    private long _redisReconnects;
    private long _mirrorResyncs;
    private long _mirrorRestoreFailures;
    private long _leaseRenewals;
    private long _leaseRenewalFailures;
    private long _heartbeatsSent;
    private long _heartbeatsReceived;
    private long _heartbeatsRejected;
    private int _mirroredCalls;
    private long _lastResyncMicroseconds;
    private long _lastTransitionUnixMicroseconds;
    private readonly TimeProvider _time;

    /// <summary>Creates the counters; <paramref name="time"/> (default: the system clock) stamps the last transition.</summary>
    public HighAvailabilityMetrics(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The node's current role.</summary>
    public NodeRole Role => (NodeRole)Volatile.Read(ref _role);

    /// <summary>Total transitions so far, any kind.</summary>
    public long TransitionCount => _transitions.Values.Sum();

    /// <summary>Transitions from <paramref name="from"/> to <paramref name="to"/> for <paramref name="reason"/>.</summary>
    public long Transitions(NodeRole from, NodeRole to, string reason) => _transitions.GetValueOrDefault((from, to, reason));

    /// <summary>Values skipped for <paramref name="reason"/>.</summary>
    public long Rejected(CallRecordRejection reason) => Interlocked.Read(ref _rejected[(int)reason]);

    /// <summary>Times this node replaced the pair's stored DTLS certificate for <paramref name="reason"/>.</summary>
    public long DtlsCertificateReplacements(PairCertificateReplacement reason) => Interlocked.Read(ref _dtlsCertificateReplacements[(int)reason]);

    /// <summary>Calls currently mirrored (standby) or held (active).</summary>
    public int MirroredCalls => Volatile.Read(ref _mirroredCalls);

    /// <summary>Successful call writes to Redis.</summary>
    public long RedisWrites => Interlocked.Read(ref _redisWrites);

    /// <summary>Full rescans of the call keys done by the mirror.</summary>
    public long MirrorResyncs => Interlocked.Read(ref _mirrorResyncs);

    internal void RecordTransition(NodeRole from, NodeRole to, string reason)
    {
        Volatile.Write(ref _role, (int)to);
        Volatile.Write(ref _lastTransitionUnixMicroseconds, (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond);
        _transitions.AddOrUpdate((from, to, reason), 1, (_, n) => n + 1);
    }

    internal void RecordRejected(CallRecordRejection reason) => Interlocked.Increment(ref _rejected[(int)reason]);

    internal void RecordDtlsCertificateReplaced(PairCertificateReplacement reason) => Interlocked.Increment(ref _dtlsCertificateReplacements[(int)reason]);

    internal void RecordRedisWrite() => Interlocked.Increment(ref _redisWrites);

    internal void RecordRedisWriteError() => Interlocked.Increment(ref _redisWriteErrors);

    internal void RecordRedisDelete() => Interlocked.Increment(ref _redisDeletes);

    internal void RecordRedisReconnect() => Interlocked.Increment(ref _redisReconnects);

    internal void RecordMirrorResync(TimeSpan duration)
    {
        Interlocked.Increment(ref _mirrorResyncs);
        Volatile.Write(ref _lastResyncMicroseconds, (long)(duration.TotalMilliseconds * 1000));
    }

    internal void RecordMirrorRestoreFailure() => Interlocked.Increment(ref _mirrorRestoreFailures);

    internal void RecordLeaseRenewal(bool ok)
    {
        if (ok)
        {
            Interlocked.Increment(ref _leaseRenewals);
        }
        else
        {
            Interlocked.Increment(ref _leaseRenewalFailures);
        }
    }

    internal void RecordHeartbeatSent() => Interlocked.Increment(ref _heartbeatsSent);

    internal void RecordHeartbeatReceived(bool accepted)
    {
        if (accepted)
        {
            Interlocked.Increment(ref _heartbeatsReceived);
        }
        else
        {
            Interlocked.Increment(ref _heartbeatsRejected);
        }
    }

    internal void SetMirroredCalls(int count) => Volatile.Write(ref _mirroredCalls, count);

    /// <summary>Adds every HA series to the node's <c>/metrics</c>.</summary>
    public void RegisterWith(MetricsRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddCollector("medianode_ha_role", "1 for the role this node is in now.", MetricType.Gauge, ["role"], writer =>
        {
            var role = Role;
            foreach (var r in Enum.GetValues<NodeRole>())
            {
                writer.Write(r == role ? 1 : 0, Name(r));
            }
        });
        registry.AddCollector("medianode_ha_transitions_total", "Role transitions by from, to and reason.", MetricType.Counter, ["from", "to", "reason"], writer =>
        {
            foreach (var ((from, to, reason), count) in _transitions.OrderBy(t => t.Key.ToString(), StringComparer.Ordinal))
            {
                writer.Write(count, Name(from), Name(to), reason);
            }
        });
        registry.AddCollector("medianode_ha_redis_rejected_values_total", "Call values in Redis skipped because they could not be used.", MetricType.Counter, ["reason"], writer =>
        {
            foreach (var reason in Enum.GetValues<CallRecordRejection>())
            {
                writer.Write(Rejected(reason), RejectionName(reason));
            }
        });
        registry.AddCollector("medianode_ha_dtls_certificate_replacements_total", "Times this node replaced the pair's DTLS certificate in Redis at start.", MetricType.Counter, ["reason"], writer =>
        {
            foreach (var reason in Enum.GetValues<PairCertificateReplacement>())
            {
                writer.Write(DtlsCertificateReplacements(reason), reason.ToString().ToLowerInvariant());
            }
        });
        registry.AddGauge("medianode_ha_last_transition_timestamp_seconds", "Unix time of the last role transition (0 before the first), e.g. to time a takeover against a kill.", () => Volatile.Read(ref _lastTransitionUnixMicroseconds) / 1e6);
        registry.AddGauge("medianode_ha_mirrored_calls", "Calls mirrored from Redis (standby) or written to it (active).", () => MirroredCalls);
        Counter(registry, "medianode_ha_redis_writes_total", "Call values written to Redis.", () => RedisWrites);
        Counter(registry, "medianode_ha_redis_write_errors_total", "Call writes that failed and were retried.", () => Interlocked.Read(ref _redisWriteErrors));
        Counter(registry, "medianode_ha_redis_deletes_total", "Call values removed from Redis.", () => Interlocked.Read(ref _redisDeletes));
        Counter(registry, "medianode_ha_redis_reconnects_total", "Times the Redis connection was restored.", () => Interlocked.Read(ref _redisReconnects));
        Counter(registry, "medianode_ha_mirror_resyncs_total", "Full rescans of the call keys.", () => MirrorResyncs);
        registry.AddGauge("medianode_ha_last_resync_seconds", "Duration of the last full rescan: read every call from Redis, validate, bind its ports.", () => Volatile.Read(ref _lastResyncMicroseconds) / 1e6);
        Counter(registry, "medianode_ha_mirror_restore_failures_total", "Mirrored calls whose ports could not be bound.", () => Interlocked.Read(ref _mirrorRestoreFailures));
        Counter(registry, "medianode_ha_lease_renewals_total", "Successful lease acquisitions and renewals.", () => Interlocked.Read(ref _leaseRenewals));
        Counter(registry, "medianode_ha_lease_renewal_failures_total", "Lease renewals that failed or timed out.", () => Interlocked.Read(ref _leaseRenewalFailures));
        Counter(registry, "medianode_ha_heartbeats_sent_total", "Peer heartbeats sent.", () => Interlocked.Read(ref _heartbeatsSent));
        Counter(registry, "medianode_ha_heartbeats_received_total", "Authentic peer heartbeats received.", () => Interlocked.Read(ref _heartbeatsReceived));
        Counter(registry, "medianode_ha_heartbeats_rejected_total", "Heartbeats dropped: bad MAC, replayed, stale, malformed or from another address.", () => Interlocked.Read(ref _heartbeatsRejected));
    }

    /// <summary>The role as the <c>role</c> label of <c>medianode_ha_role</c> shows it (the drills read it).</summary>
    public static string Name(NodeRole role) => role.ToString().ToLowerInvariant();

    internal static string RejectionName(CallRecordRejection reason) => reason switch
    {
        CallRecordRejection.Corrupt => "corrupt",
        CallRecordRejection.UnknownVersion => "unknown_version",
        _ => "invalid",
    };

    private static void Counter(MetricsRegistry registry, string name, string help, Func<long> read) =>
        registry.AddCollector(name, help, MetricType.Counter, [], writer => writer.Write(read()));
}
