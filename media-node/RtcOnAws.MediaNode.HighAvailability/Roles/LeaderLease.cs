using System.Globalization;
using RtcOnAws.MediaNode.HighAvailability.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// The Redis lease that makes one node of the pair the active: <c>SET key owner NX PX ttl</c> to take it, a
/// compare-and-set <c>PEXPIRE</c> to renew it (only while the value is still ours), a compare-and-delete to give it up.
/// Every successful attempt records when it was <em>sent</em> on the node's <see cref="TimeProvider"/> (the relay's clock, monotonic): Redis started the new expiry
/// after that instant, so <c>sent + ttl</c> is a safe lower bound of when another node can take the lease.
/// The calls are synchronous on purpose: they run on the coordinator's own lease thread over a
/// <see cref="BlockingRedisConnection"/>, so neither a starved thread pool nor a burst of call writes delays a renewal.
/// </summary>
public sealed class LeaderLease
{
    private const string RenewScript =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) " +
        "elseif redis.call('exists', KEYS[1]) == 1 then return -1 else return 0 end";

    private const string ReleaseScript =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly BlockingRedisConnection _connection;
    private readonly string _key;
    private readonly string _owner;
    private readonly string _ttlMilliseconds;
    private readonly TimeProvider _time;
    private long _lastHeldSentAt = long.MinValue;

    /// <summary>Creates the lease for <paramref name="owner"/> (the node id) on <paramref name="key"/>.</summary>
    /// <param name="connection">The lease's own connection; its timeout bounds each attempt.</param>
    /// <param name="key">The lease key.</param>
    /// <param name="owner">Our node id, stored as the value.</param>
    /// <param name="ttl">Lease time to live.</param>
    /// <param name="time">The clock of <see cref="LastHeldSentAt"/>: the relay's, whose forwarding deadline is derived from it; null means <see cref="TimeProvider.System"/>.</param>
    public LeaderLease(BlockingRedisConnection connection, string key, string owner, TimeSpan ttl, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(10));
        _connection = connection;
        _key = key;
        _owner = owner;
        _ttlMilliseconds = ((long)ttl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        Ttl = ttl;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Lease time to live.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>
    /// Timestamp (<see cref="TimeProvider.GetTimestamp"/> of the lease's clock) at which the last successful take/renew was sent,
    /// or <see cref="long.MinValue"/> when the lease was never held.
    /// </summary>
    public long LastHeldSentAt => Volatile.Read(ref _lastHeldSentAt);

    /// <summary>Takes the lease if nobody holds it (or confirms it if we already do).</summary>
    public LeaseOutcome TryAcquire()
    {
        var sentAt = _time.GetTimestamp();
        try
        {
            if (_connection.Execute("SET", _key, _owner, "NX", "PX", _ttlMilliseconds).Kind == RedisReplyKind.SimpleString)
            {
                Volatile.Write(ref _lastHeldSentAt, sentAt);
                return LeaseOutcome.Held;
            }
        }
        catch (Exception e) when (e is RedisUnavailableException or RedisErrorReplyException)
        {
            return LeaseOutcome.Unreachable;
        }

        // Someone holds it; if that someone is us (a reply lost earlier), a renewal confirms it.
        var renewed = Renew();
        return renewed == LeaseOutcome.Free ? LeaseOutcome.HeldByOther : renewed;
    }

    /// <summary>Extends the lease only if we still hold it.</summary>
    public LeaseOutcome Renew()
    {
        var sentAt = _time.GetTimestamp();
        try
        {
            switch (_connection.Execute("EVAL", RenewScript, "1", _key, _owner, _ttlMilliseconds).Integer)
            {
                case 1:
                    Volatile.Write(ref _lastHeldSentAt, sentAt);
                    return LeaseOutcome.Held;
                case -1:
                    return LeaseOutcome.HeldByOther;
                default:
                    return LeaseOutcome.Free;
            }
        }
        catch (Exception e) when (e is RedisUnavailableException or RedisErrorReplyException)
        {
            return LeaseOutcome.Unreachable;
        }
    }

    /// <summary>Renews, and takes the lease again when Redis lost it (restart without persistence): nobody else has it then.</summary>
    public LeaseOutcome RenewOrRetake()
    {
        var outcome = Renew();
        return outcome == LeaseOutcome.Free ? TryAcquire() : outcome;
    }

    /// <summary>Gives the lease up if we hold it (clean shutdown of the active), so the standby need not wait for the expiry.</summary>
    public void Release()
    {
        Volatile.Write(ref _lastHeldSentAt, long.MinValue);
        try
        {
            _connection.Execute("EVAL", ReleaseScript, "1", _key, _owner);
        }
        catch (Exception e) when (e is RedisUnavailableException or RedisErrorReplyException)
        {
            // The lease then simply expires.
        }
    }

    /// <summary>Current holder of the lease, for diagnostics and tests; <c>null</c> when free.</summary>
    public string? ReadOwner() => _connection.Execute("GET", _key).Text;
}
