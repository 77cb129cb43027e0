using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.HighAvailability.State;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Mirror;

/// <summary>
/// Keeps a standby's calls equal to Redis: keyspace notifications say which call changed (the value is then read,
/// so the newest state always wins), and a full SCAN catches whatever happened while notifications could not arrive.
/// A rescan runs at start, on every reconnect, on every return to standby and whenever the active has published a
/// generation this mirror has not reconciled; it starts only after a probe published through Redis came back through
/// the subscription, so every change after the scan began is notified. Calls missing from Redis are removed only
/// against a published generation (after a Redis restart the active has not rewritten its calls yet).
/// Every value is validated against the configured address and port range before anything is bound; bad values are
/// skipped, logged and counted.
/// </summary>
public sealed class StandbyMirror : IAsyncDisposable
{
    // Retries a rescan that failed while Redis was away, and looks for a new generation.
    private static readonly TimeSpan RetryTick = TimeSpan.FromMilliseconds(500);

    // How long a probe may take to come back before the rescan counts as failed and is retried.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly RedisCallStore _store;
    private readonly ISubscriber _subscriber;
    private readonly ICallReplica _replica;
    private readonly CallRecordRules _rules;
    private readonly HighAvailabilityMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _probeChannel;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly WakeSignal _wake;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private volatile bool _enabled;
    private volatile bool _resyncRequested;
    private bool _busy;
    private string? _probeNonce;
    private TaskCompletionSource? _probe;
    private volatile string? _reconciledGeneration;

    /// <summary>Creates the mirror; <see cref="StartAsync"/> subscribes and starts it.</summary>
    public StandbyMirror(RedisCallStore store, ISubscriber subscriber, ICallReplica replica, CallRecordRules rules, HighAvailabilityMetrics metrics, ILogger logger, TimeProvider? time = null)
    {
        _store = store;
        _subscriber = subscriber;
        _replica = replica;
        _rules = rules;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _wake = new WakeSignal(_time);
        _probeChannel = store.Keys.ProbeChannel(store.Database);
    }

    /// <summary>Only a standby mirrors; an active node is the writer and must not apply its own writes back.</summary>
    public bool Enabled
    {
        get => _enabled;
        set
        {
            if (value && !_enabled)
            {
                _resyncRequested = true;
            }

            _enabled = value;
            Wake();
        }
    }

    /// <summary>Time the last full resync took, for the cold-restore benchmark.</summary>
    public TimeSpan LastResyncDuration { get; private set; }

    /// <summary>Completed full resyncs.</summary>
    public long ResyncCount => _metrics.MirrorResyncs;

    /// <summary>The active's generation the last full resync reconciled against; <c>null</c> before any was published.</summary>
    public string? ReconciledGeneration => _reconciledGeneration;

    /// <summary>True when no change is pending, no resync is due and none is running.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _dirty.Count == 0 && !_resyncRequested && !_busy;
            }
        }
    }

    /// <summary>Subscribes to the call keys' notifications and starts the worker.</summary>
    public async Task StartAsync()
    {
        var pattern = new RedisChannel(_store.Keys.KeyspacePattern(_store.Database), RedisChannel.PatternMode.Pattern);
        await _subscriber.SubscribeAsync(pattern, (channel, message) => OnNotification(channel, message)).ConfigureAwait(false);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Asks for a full rescan (the Redis connection came back: notifications may have been missed).</summary>
    public void RequestResync()
    {
        _resyncRequested = true;
        Wake();
    }

    /// <summary>Waits until no change is pending and no resync is due, or the timeout passes; true when idle.</summary>
    public Task<bool> WaitIdleAsync(TimeSpan timeout) => ConditionPolling.UntilAsync(() => IsIdle, timeout, _time);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _subscriber.UnsubscribeAllAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // already disconnected
        }

        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }

        _stop.Dispose();
    }

    private void OnNotification(RedisChannel channel, RedisValue message)
    {
        var text = (string?)channel;
        if (text == _probeChannel)
        {
            lock (_gate)
            {
                if (_probeNonce is not null && message == _probeNonce)
                {
                    _probe!.TrySetResult();
                }
            }

            return;
        }

        if (!_enabled || message == "expire")
        {
            // "expire" is the active refreshing the idle expiry: the value did not change.
            return;
        }

        var key = text is null ? null : text[(text.IndexOf("__:", StringComparison.Ordinal) + 3)..];
        var callId = key is null ? null : _store.Keys.CallIdOf(key);
        if (callId is null)
        {
            return;
        }

        lock (_gate)
        {
            _dirty.Add(callId);
        }

        Wake();
    }

    private void Wake() => _wake.Set();

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            await _wake.WaitAsync(RetryTick, token).ConfigureAwait(false);

            if (!_enabled)
            {
                continue;
            }

            lock (_gate)
            {
                _busy = true;
            }

            try
            {
                if (!_resyncRequested)
                {
                    await CheckGenerationAsync().ConfigureAwait(false);
                }

                if (_resyncRequested)
                {
                    _resyncRequested = false;
                    if (!await ResyncAsync(token).ConfigureAwait(false))
                    {
                        _resyncRequested = true;
                    }
                }

                await ApplyDirtyAsync(token).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _busy = false;
                }
            }
        }
    }

    /// <summary>Asks for a rescan when the active published a generation this mirror has not reconciled.</summary>
    private async Task CheckGenerationAsync()
    {
        try
        {
            if (await _store.ReadGenerationAsync().ConfigureAwait(false) != _reconciledGeneration)
            {
                _resyncRequested = true;
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is away; the reconnect asks for the rescan.
        }
    }

    /// <summary>
    /// Publishes a probe on a channel the call-key subscription matches and waits for it to come back: once it has,
    /// the subscription is in effect on the server, so every change after this instant is notified. A reconnect's
    /// event does not prove that (the client may still be re-sending its subscriptions).
    /// </summary>
    private async Task<bool> ConfirmSubscriptionAsync(CancellationToken token)
    {
        var nonce = Guid.NewGuid().ToString("N");
        var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _probeNonce = nonce;
            _probe = probe;
        }

        try
        {
            await _store.PublishProbeAsync(nonce).ConfigureAwait(false);
            await probe.Task.WaitAsync(ProbeTimeout, _time, token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogWarning("The call-key subscription is not confirmed yet ({Error}); rescanning once it is", e.Message);
            return false;
        }
        finally
        {
            lock (_gate)
            {
                _probeNonce = null;
                _probe = null;
            }
        }
    }

    private async Task ApplyDirtyAsync(CancellationToken token)
    {
        while (_enabled && !token.IsCancellationRequested)
        {
            string[] batch;
            lock (_gate)
            {
                if (_dirty.Count == 0)
                {
                    return;
                }

                batch = [.. _dirty];
                _dirty.Clear();
            }

            var reads = batch.Select(_store.ReadAsync).ToArray();
            for (var i = 0; i < batch.Length; i++)
            {
                byte[]? value;
                try
                {
                    value = await reads[i].ConfigureAwait(false);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    // Redis went away; the resync after the reconnect covers this call.
                    _logger.LogWarning("Reading call {CallId} from Redis failed: {Error}", batch[i], e.Message);
                    _resyncRequested = true;
                    continue;
                }

                if (value is null)
                {
                    _replica.Remove(batch[i]);
                }
                else
                {
                    await ApplyAsync(batch[i], value, token).ConfigureAwait(false);
                }
            }

            _metrics.SetMirroredCalls(_replica.Count);
        }
    }

    /// <summary>
    /// Reads every call key and makes the replica equal to it; false when Redis could not be read. Batches are decoded,
    /// validated and restored on every core while the scan and the reads of the next batches are still in flight.
    /// </summary>
    private async Task<bool> ResyncAsync(CancellationToken token)
    {
        if (!await ConfirmSubscriptionAsync(token).ConfigureAwait(false))
        {
            return false;
        }

        var started = _time.GetTimestamp();
        var present = new HashSet<string>(StringComparer.Ordinal);
        var workers = new ParallelOptions { CancellationToken = token, MaxDegreeOfParallelism = Environment.ProcessorCount };
        // Where the time goes (summed over the workers): decoding and validating values, binding the calls' sockets.
        long decodeTicks = 0, restoreTicks = 0, firstBatchAt = 0;
        string? generation;
        try
        {
            // Read before the scan: the active set it after its calls were written, so the scan sees all of them.
            generation = await _store.ReadGenerationAsync().ConfigureAwait(false);
            await Parallel.ForEachAsync(_store.ReadAllAsync(token), workers, async (batch, cancellationToken) =>
            {
                Interlocked.CompareExchange(ref firstBatchAt, _time.GetTimestamp(), 0);
                var held = new List<string>(batch.Count);
                foreach (var (callId, value) in batch)
                {
                    var before = _time.GetTimestamp();
                    var decoded = CallRecordCodec.Decode(value, _rules);
                    var decodedAt = _time.GetTimestamp();
                    var restored = await RestoreAsync(callId, decoded, cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref decodeTicks, decodedAt - before);
                    Interlocked.Add(ref restoreTicks, _time.GetTimestamp() - decodedAt);
                    if (restored)
                    {
                        held.Add(callId);
                    }
                }

                lock (present)
                {
                    present.UnionWith(held);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogWarning("Full resync from Redis failed: {Error}; retrying", e.Message);
            return false;
        }

        // Without a generation Redis has not been rewritten by an active since it (re)started: a call missing from it
        // may still be live on the active, so nothing is removed until the active says Redis is whole again.
        var removed = 0;
        if (generation is not null)
        {
            foreach (var callId in _replica.CallIds())
            {
                if (!present.Contains(callId) && _replica.Remove(callId))
                {
                    removed++;
                }
            }
        }

        _reconciledGeneration = generation;
        LastResyncDuration = _time.GetElapsedTime(started);
        _metrics.RecordMirrorResync(LastResyncDuration);
        _metrics.SetMirroredCalls(_replica.Count);
        double Milliseconds(long ticks) => ticks * 1000.0 / _time.TimestampFrequency;
        _logger.LogInformation(
            "Resynced {Calls} calls from Redis ({Removed} removed, generation {Generation}) in {Milliseconds:0} ms: first values after {FirstBatchMilliseconds:0} ms, decoding {DecodeMilliseconds:0} ms and restoring {RestoreMilliseconds:0} ms summed over {Workers} workers",
            present.Count, removed, generation ?? "none yet: nothing removed", LastResyncDuration.TotalMilliseconds,
            firstBatchAt == 0 ? 0 : Milliseconds(firstBatchAt - started), Milliseconds(decodeTicks), Milliseconds(restoreTicks), workers.MaxDegreeOfParallelism);
        return true;
    }

    /// <summary>Validates and restores one value; true when the call is now held.</summary>
    private Task<bool> ApplyAsync(string callId, byte[] value, CancellationToken token) =>
        RestoreAsync(callId, CallRecordCodec.Decode(value, _rules), token);

    private async Task<bool> RestoreAsync(string callId, CallRecordDecodeResult decoded, CancellationToken token)
    {
        if (!decoded.IsValid)
        {
            _metrics.RecordRejected(decoded.Rejection!.Value);
            _logger.LogError("Skipping call {CallId} from Redis ({Reason}): {Error}", callId, decoded.Rejection, decoded.Error);

            // A value we cannot trust must not keep ports bound from an earlier, valid version.
            _replica.Remove(callId);
            return false;
        }

        if (decoded.Record!.CallId != callId)
        {
            _metrics.RecordRejected(CallRecordRejection.Invalid);
            _logger.LogError("Skipping key for call {CallId}: its value names call {Other}", callId, decoded.Record.CallId);
            _replica.Remove(callId);
            return false;
        }

        try
        {
            await _replica.RestoreAsync(decoded.Record, token).ConfigureAwait(false);
            return true;
        }
        catch (CallReplicaException e)
        {
            _metrics.RecordMirrorRestoreFailure();
            _logger.LogError("Cannot mirror call {CallId}: {Error}", callId, e.Message);
            return false;
        }
    }
}
