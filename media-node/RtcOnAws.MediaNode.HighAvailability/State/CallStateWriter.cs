using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>
/// Keeps Redis equal to the calls this node serves while it is active. Changes are coalesced per call-id: a burst of
/// updates to one call becomes one write of its latest state, and the latest state is never lost — a failed write
/// leaves the call dirty and it is written again (after a reconnect every live call is rewritten, since Redis may
/// have restarted empty). Expiries of calls whose media still flows are pushed forward periodically.
/// </summary>
public sealed class CallStateWriter : IAsyncDisposable
{
    private const int MaxWritesInFlight = 512;
    private readonly RedisCallStore _store;
    private readonly TimeSpan _expiry;
    private readonly Func<string, bool> _mediaFlowing;
    private readonly HighAvailabilityMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CallRecord> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly WakeSignal _wake = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _enabled;
    private int _inFlight;

    /// <summary>Starts the writer; it writes nothing until <see cref="Enabled"/> is set (the node is active).</summary>
    /// <param name="store">Where calls go.</param>
    /// <param name="expiry">Idle expiry of a call value (<c>--redis-expiry</c>).</param>
    /// <param name="mediaFlowing">True when the call had media since the last refresh; such calls get their expiry pushed forward.</param>
    /// <param name="metrics">Counters.</param>
    /// <param name="logger">Log.</param>
    public CallStateWriter(RedisCallStore store, TimeSpan expiry, Func<string, bool> mediaFlowing, HighAvailabilityMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(mediaFlowing);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(expiry, TimeSpan.FromSeconds(1));
        _store = store;
        _expiry = expiry;
        _mediaFlowing = mediaFlowing;
        _metrics = metrics;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Only an active node writes; a standby must never echo what it mirrors back into Redis.</summary>
    public bool Enabled
    {
        get => _enabled;
        set
        {
            _enabled = value;
            Wake();
        }
    }

    /// <summary>Calls known to the writer.</summary>
    public int LiveCount
    {
        get
        {
            lock (_gate)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>Calls whose value in Redis is not yet up to date.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _dirty.Count;
            }
        }
    }

    /// <summary>Records the latest state of a call (after a signalling change or an endpoint learned).</summary>
    public void Put(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _live[record.CallId] = record;
            _dirty.Add(record.CallId);
        }

        Wake();
    }

    /// <summary>Records that a call is gone; its key is deleted.</summary>
    public void Remove(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        lock (_gate)
        {
            _live.Remove(callId);
            _dirty.Add(callId);
        }

        Wake();
    }

    /// <summary>
    /// Takes over calls that are already in Redis (restored on promotion) without rewriting them; from now on their
    /// expiry is refreshed and their changes are written by this node.
    /// </summary>
    public void Adopt(IEnumerable<CallRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            foreach (var record in records)
            {
                _live.TryAdd(record.CallId, record);
            }
        }
    }

    /// <summary>Forgets every call (the node is no longer the writer; the next active owns the values).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _live.Clear();
            _dirty.Clear();
        }
    }

    /// <summary>Marks every live call dirty: Redis may have restarted without our keys.</summary>
    public void RewriteAll()
    {
        lock (_gate)
        {
            _dirty.UnionWith(_live.Keys);
        }

        Wake();
    }

    /// <summary>Waits until every pending change is in Redis or <paramref name="timeout"/> passes; true when flushed.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (PendingCount == 0 && Volatile.Read(ref _inFlight) == 0)
            {
                return true;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        return false;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private void Wake() => _wake.Set();

    private async Task RunAsync()
    {
        var token = _stop.Token;
        var refreshEvery = _expiry / 3;
        var nextRefresh = DateTime.UtcNow + refreshEvery;
        while (!token.IsCancellationRequested)
        {
            // Also wakes every 250 ms to retry failed writes and refresh expiries.
            await _wake.WaitAsync(TimeSpan.FromMilliseconds(250), token).ConfigureAwait(false);

            if (!_enabled)
            {
                continue;
            }

            var failed = await WriteDirtyAsync().ConfigureAwait(false);
            if (DateTime.UtcNow >= nextRefresh)
            {
                nextRefresh = DateTime.UtcNow + refreshEvery;
                await RefreshExpiriesAsync().ConfigureAwait(false);
            }

            if (failed)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes every dirty call once, in bounded parallel batches; returns true when some write failed.</summary>
    private async Task<bool> WriteDirtyAsync()
    {
        var failed = false;
        while (_enabled)
        {
            List<(string CallId, CallRecord? Record)> batch;
            lock (_gate)
            {
                if (_dirty.Count == 0)
                {
                    break;
                }

                batch = new(Math.Min(_dirty.Count, MaxWritesInFlight));
                foreach (var callId in _dirty)
                {
                    batch.Add((callId, _live.GetValueOrDefault(callId)));
                    if (batch.Count == MaxWritesInFlight)
                    {
                        break;
                    }
                }

                foreach (var (callId, _) in batch)
                {
                    _dirty.Remove(callId);
                }
            }

            Interlocked.Add(ref _inFlight, batch.Count);
            var writes = new Task[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var (callId, record) = batch[i];
                writes[i] = record is null ? _store.DeleteAsync(callId) : _store.WriteAsync(record, _expiry);
            }

            for (var i = 0; i < writes.Length; i++)
            {
                var (callId, record) = batch[i];
                try
                {
                    await writes[i].ConfigureAwait(false);
                    if (record is null)
                    {
                        _metrics.RecordRedisDelete();
                    }
                    else
                    {
                        _metrics.RecordRedisWrite();
                    }
                }
                catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
                {
                    failed = true;
                    _metrics.RecordRedisWriteError();
                    lock (_gate)
                    {
                        // Whatever is newest for this call is written on the next pass.
                        _dirty.Add(callId);
                    }

                    if (i == 0)
                    {
                        _logger.LogWarning("Writing call {CallId} to Redis failed: {Error}; will retry", callId, e.Message);
                    }
                }
            }

            Interlocked.Add(ref _inFlight, -batch.Count);
            if (failed)
            {
                break;
            }
        }

        return failed;
    }

    private async Task RefreshExpiriesAsync()
    {
        string[] flowing;
        lock (_gate)
        {
            flowing = _live.Keys.Where(_mediaFlowing).ToArray();
        }

        foreach (var chunk in flowing.Chunk(MaxWritesInFlight))
        {
            var refreshes = chunk.Select(id => _store.RefreshAsync(id, _expiry)).ToArray();
            for (var i = 0; i < refreshes.Length; i++)
            {
                try
                {
                    if (!await refreshes[i].ConfigureAwait(false))
                    {
                        // The key is gone (Redis restarted, or expired during an outage): write it again.
                        lock (_gate)
                        {
                            if (_live.ContainsKey(chunk[i]))
                            {
                                _dirty.Add(chunk[i]);
                            }
                        }
                    }
                }
                catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
                {
                    _logger.LogDebug("Refreshing the expiry of call {CallId} failed: {Error}", chunk[i], e.Message);
                }
            }
        }
    }
}
