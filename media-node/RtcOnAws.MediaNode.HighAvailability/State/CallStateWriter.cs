using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>
/// Keeps Redis equal to the calls this node serves while it is active. Changes are coalesced per call-id: a burst of
/// updates to one call becomes one write of its latest state, and the latest state is never lost — a failed write
/// leaves the call dirty and it is written again (after a reconnect every live call is rewritten, since Redis may
/// have restarted empty, and call keys this node does not hold are deleted, since a replica promoted by a failover
/// may still hold calls deleted on the old primary). Once Redis holds exactly this node's calls again the writer sets
/// a new generation token (<see cref="CallKeys.GenerationKey"/>), which tells the standby to reconcile. Expiries of
/// calls whose media still flows are pushed forward periodically.
/// </summary>
public sealed class CallStateWriter : IAsyncDisposable
{
    private const int MaxWritesInFlight = 512;

    // Retries failed writes and refreshes expiries without a new signal.
    private static readonly TimeSpan RetryTick = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromMilliseconds(100);
    private readonly RedisCallStore _store;
    private readonly TimeSpan _expiry;
    private readonly Func<string, bool> _mediaFlowing;
    private readonly HighAvailabilityMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _writerId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 8);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CallRecord> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);

    // Calls put or removed while Adopt reads the registry: newer than its snapshot.
    private HashSet<string>? _recordedWhileAdopting;
    private readonly WakeSignal _wake;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _enabled;
    private int _inFlight;
    private long _generationsRequested;
    private long _generationsPublished;
    private long _staleRemovalRequested;
    private long _staleRemovalDone;
    private volatile string? _generation;

    /// <summary>Starts the writer; it writes nothing until <see cref="Enabled"/> is set (the node is active).</summary>
    /// <param name="store">Where calls go.</param>
    /// <param name="expiry">Idle expiry of a call value (<c>--redis-expiry</c>).</param>
    /// <param name="mediaFlowing">True when the call had media since the last refresh; such calls get their expiry pushed forward.</param>
    /// <param name="metrics">Counters.</param>
    /// <param name="logger">Log.</param>
    /// <param name="time">Clock of the retry tick, the backoff and the expiry refresh (the system clock by default).</param>
    public CallStateWriter(RedisCallStore store, TimeSpan expiry, Func<string, bool> mediaFlowing, HighAvailabilityMetrics metrics, ILogger logger, TimeProvider? time = null)
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
        _time = time ?? TimeProvider.System;
        _wake = new WakeSignal(_time);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Only an active node writes; a standby must never echo what it mirrors back into Redis. While disabled the writer
    /// still records every <see cref="Put"/> and <see cref="Remove"/>, and writes them once enabled.
    /// </summary>
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

    /// <summary>The generation token this writer set last; <c>null</c> before the first.</summary>
    public string? Generation => _generation;

    /// <summary>Records the latest state of a call (after a signalling change or an endpoint learned).</summary>
    public void Put(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _live[record.CallId] = record;
            _dirty.Add(record.CallId);
            _recordedWhileAdopting?.Add(record.CallId);
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
            _recordedWhileAdopting?.Add(callId);
        }

        Wake();
    }

    /// <summary>
    /// Makes the writer hold exactly the node's calls when it becomes active, from <paramref name="currentCalls"/> (read
    /// after this call began, so it is at least as new as anything recorded before). A call is taken as already in
    /// Redis (not rewritten, from now on its expiry is refreshed) only when nothing was recorded for it: a call changed
    /// or deleted before the writer was enabled — an offer or a BYE on a standby, or while the address was still being
    /// acquired — is written with its current state, or deleted, once the writer is enabled.
    /// </summary>
    public void Adopt(Func<IEnumerable<CallRecord>> currentCalls)
    {
        ArgumentNullException.ThrowIfNull(currentCalls);
        HashSet<string> changed;
        lock (_gate)
        {
            changed = new HashSet<string>(_dirty, StringComparer.Ordinal);
            changed.UnionWith(_live.Keys);
            _live.Clear();
            _dirty.Clear();
            _recordedWhileAdopting = new HashSet<string>(StringComparer.Ordinal);
        }

        // Read outside the lock: the caller's snapshot takes the registry's lock, whose observers call Put and Remove.
        var records = currentCalls().ToList();
        lock (_gate)
        {
            foreach (var record in records)
            {
                // A call recorded since the first lock is newer than the snapshot (or deleted): keep what was recorded.
                if (!_recordedWhileAdopting!.Contains(record.CallId))
                {
                    _live.TryAdd(record.CallId, record);
                }
            }

            _recordedWhileAdopting = null;
            _dirty.UnionWith(changed);
        }

        Wake();
    }

    /// <summary>Forgets every call (the node is no longer the writer; the next active owns the values).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _live.Clear();
            _dirty.Clear();
            _generationsPublished = _generationsRequested;
            _staleRemovalDone = _staleRemovalRequested;
        }
    }

    /// <summary>
    /// Makes Redis hold exactly the live calls again (Redis may have restarted without our keys, or a promoted replica
    /// may hold keys we deleted): every live call is rewritten, every other call key deleted, then a new generation set.
    /// </summary>
    public void RewriteAll()
    {
        lock (_gate)
        {
            _dirty.UnionWith(_live.Keys);
            _staleRemovalRequested = ++_generationsRequested;
        }

        Wake();
    }

    /// <summary>Sets a new generation once the pending changes are written (a promotion: Redis already holds the calls).</summary>
    public void PublishGeneration()
    {
        lock (_gate)
        {
            _generationsRequested++;
        }

        Wake();
    }

    /// <summary>True when every change and the generation asked for are in Redis.</summary>
    public bool IsFlushed
    {
        get
        {
            lock (_gate)
            {
                return _dirty.Count == 0 && Volatile.Read(ref _inFlight) == 0 && _generationsPublished == _generationsRequested;
            }
        }
    }

    /// <summary>Waits until <see cref="IsFlushed"/> or <paramref name="timeout"/> passes; true when flushed.</summary>
    public Task<bool> FlushAsync(TimeSpan timeout) => ConditionPolling.UntilAsync(() => IsFlushed, timeout, _time);

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
        var lastRefresh = _time.GetTimestamp();
        while (!token.IsCancellationRequested)
        {
            await _wake.WaitAsync(RetryTick, token).ConfigureAwait(false);

            if (!_enabled)
            {
                continue;
            }

            // Taken before the writes: everything asked for before a generation request is written in this pass.
            long generationRequested, staleRemovalRequested;
            lock (_gate)
            {
                generationRequested = _generationsRequested;
                staleRemovalRequested = _staleRemovalRequested;
            }

            var failed = await WriteDirtyAsync().ConfigureAwait(false)
                || !await PublishGenerationAsync(generationRequested, staleRemovalRequested, token).ConfigureAwait(false);
            if (_time.GetElapsedTime(lastRefresh) >= refreshEvery)
            {
                lastRefresh = _time.GetTimestamp();
                await RefreshExpiriesAsync().ConfigureAwait(false);
            }

            if (failed)
            {
                await Task.Delay(FailureBackoff, _time, token).ConfigureAwait(false);
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

    /// <summary>
    /// Deletes stale call keys when asked to, then sets a new generation token; false when Redis failed (retried on
    /// the next pass). Called after a pass wrote everything that was dirty when <paramref name="requested"/> was read,
    /// so a standby that reads the token and then scans sees all of it; later changes reach it through notifications.
    /// </summary>
    private async Task<bool> PublishGenerationAsync(long requested, long staleRemovalRequested, CancellationToken token)
    {
        bool removeStale;
        lock (_gate)
        {
            if (requested <= _generationsPublished)
            {
                return true;
            }

            removeStale = staleRemovalRequested > _staleRemovalDone;
        }

        try
        {
            if (removeStale)
            {
                var stored = await _store.ListCallIdsAsync(token).ConfigureAwait(false);
                lock (_gate)
                {
                    stored.ExceptWith(_live.Keys);
                    _dirty.UnionWith(stored);
                }

                if (stored.Count > 0)
                {
                    _logger.LogInformation("Deleting {Count} call keys from Redis that this node does not hold", stored.Count);
                }

                if (await WriteDirtyAsync().ConfigureAwait(false))
                {
                    return false;
                }

                lock (_gate)
                {
                    _staleRemovalDone = Math.Max(_staleRemovalDone, staleRemovalRequested);
                }
            }

            var generation = $"{_writerId}-{requested}";
            await _store.WriteGenerationAsync(generation).ConfigureAwait(false);
            lock (_gate)
            {
                _generationsPublished = Math.Max(_generationsPublished, requested);
            }

            _generation = generation;
            return true;
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            _logger.LogWarning("Setting a new generation in Redis failed: {Error}; will retry", e.Message);
            return false;
        }
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
