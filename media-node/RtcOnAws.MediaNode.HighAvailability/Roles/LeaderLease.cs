using System.Diagnostics;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// The Redis lease that makes one node of the pair the active: <c>SET key owner NX PX ttl</c> to take it, a
/// compare-and-set <c>PEXPIRE</c> to renew it (only while the value is still ours), a compare-and-delete to give it up.
/// Every successful attempt records when it was <em>sent</em> on the monotonic clock: Redis started the new expiry
/// after that instant, so <c>sent + ttl</c> is a safe lower bound of when another node can take the lease.
/// </summary>
public sealed class LeaderLease
{
    private const string RenewScript =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) " +
        "elseif redis.call('exists', KEYS[1]) == 1 then return -1 else return 0 end";

    private const string ReleaseScript =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly IDatabase _database;
    private readonly RedisKey _key;
    private readonly RedisValue _owner;
    private long _lastHeldSentAt = long.MinValue;

    /// <summary>Creates the lease for <paramref name="owner"/> (the node id) on <paramref name="key"/>.</summary>
    public LeaderLease(IDatabase database, string key, string owner, TimeSpan ttl, TimeSpan commandTimeout)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(10));
        _database = database;
        _key = key;
        _owner = owner;
        Ttl = ttl;
        CommandTimeout = commandTimeout;
    }

    /// <summary>Lease time to live.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>How long one attempt may wait for Redis before it counts as <see cref="LeaseOutcome.Unreachable"/>.</summary>
    public TimeSpan CommandTimeout { get; }

    /// <summary>
    /// Monotonic timestamp (<see cref="Stopwatch.GetTimestamp"/>) at which the last successful take/renew was sent,
    /// or <see cref="long.MinValue"/> when the lease was never held.
    /// </summary>
    public long LastHeldSentAt => Volatile.Read(ref _lastHeldSentAt);

    /// <summary>Takes the lease if nobody holds it (or renews it if we already do).</summary>
    public async Task<LeaseOutcome> TryAcquireAsync()
    {
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            var taken = await _database.StringSetAsync(_key, _owner, Ttl, When.NotExists).WaitAsync(CommandTimeout).ConfigureAwait(false);
            if (taken)
            {
                Volatile.Write(ref _lastHeldSentAt, sentAt);
                return LeaseOutcome.Held;
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return LeaseOutcome.Unreachable;
        }

        // Someone holds it; if that someone is us (a reply lost earlier), a renewal confirms it.
        var renewed = await RenewAsync().ConfigureAwait(false);
        return renewed == LeaseOutcome.Free ? LeaseOutcome.HeldByOther : renewed;
    }

    /// <summary>Extends the lease only if we still hold it.</summary>
    public async Task<LeaseOutcome> RenewAsync()
    {
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            var result = (long)await _database
                .ScriptEvaluateAsync(RenewScript, [_key], [_owner, (long)Ttl.TotalMilliseconds])
                .WaitAsync(CommandTimeout).ConfigureAwait(false);
            switch (result)
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
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return LeaseOutcome.Unreachable;
        }
    }

    /// <summary>Gives the lease up if we hold it (clean shutdown of the active), so the standby need not wait for the expiry.</summary>
    public async Task ReleaseAsync()
    {
        Volatile.Write(ref _lastHeldSentAt, long.MinValue);
        try
        {
            await _database.ScriptEvaluateAsync(ReleaseScript, [_key], [_owner]).WaitAsync(CommandTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The lease then simply expires.
        }
    }

    /// <summary>Current holder of the lease, for diagnostics and tests; <c>null</c> when free.</summary>
    public async Task<string?> ReadOwnerAsync() => await _database.StringGetAsync(_key).ConfigureAwait(false);
}
