using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.MediaNode.Engine.Protocol;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// All calls of the node and the only place their relay streams are allocated and released. Every mutation holds one
/// lock, so signalling, the media-timeout sweep and HA restores never interleave; observers see changes in order.
/// Split by concern: signalling (offer/answer) and replication (snapshot/restore) live in the partial files beside this one.
/// </summary>
public sealed partial class CallRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, Call> _calls = new(StringComparer.Ordinal);
    private readonly List<ICallObserver> _observers = [];
    private readonly Lock _gate = new();
    private readonly PortPool _ports;
    private readonly CallRegistryOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private DtlsCertificate _dtlsCertificate;
    private readonly Channel<string> _learned = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _learnedPump;
    private bool _mediaTimeoutPaused;
    private long _managedCalls;
    private long _timedOutCalls;
    private long _deletedCalls;

    /// <summary>Creates an empty registry allocating from <paramref name="ports"/>.</summary>
    public CallRegistry(PortPool ports, CallRegistryOptions options, ILogger<CallRegistry>? logger = null, TimeProvider? time = null)
    {
        _ports = ports;
        _options = options;
        _logger = logger ?? NullLogger<CallRegistry>.Instance;
        _time = time ?? TimeProvider.System;
        _dtlsCertificate = options.DtlsCertificate ?? DtlsCertificate.Generate(_time);
        _learnedPump = Task.Run(PumpLearnedEndpointsAsync);
        // One handler for every stream, not one closure and delegate per stream (about 190 bytes a call).
        _ports.Engine.EndpointLearned += OnEndpointLearned;
    }

    /// <summary>The port pool the registry allocates from.</summary>
    public PortPool Ports => _ports;

    /// <summary>Calls in progress.</summary>
    public int CallCount
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>Relay streams held by calls in progress.</summary>
    public int StreamCount
    {
        get
        {
            // Every /metrics scrape takes this under the lock a standby's restore needs: plain loops, no iterators.
            lock (_gate)
            {
                var count = 0;
                foreach (var call in _calls.Values)
                {
                    foreach (var leg in call.LegList)
                    {
                        foreach (var media in leg.MediaList)
                        {
                            count += media.Stream is null ? 0 : 1;
                        }
                    }
                }

                return count;
            }
        }
    }

    /// <summary>The DTLS certificate WebRTC legs use and SDP advertises.</summary>
    public DtlsCertificate DtlsCertificate
    {
        get
        {
            lock (_gate)
            {
                return _dtlsCertificate;
            }
        }
    }

    /// <summary>
    /// Replaces the DTLS certificate before the node holds any call (an HA pair's shared one, read from Redis at start):
    /// a call's fingerprint must never change under it, so this throws <see cref="InvalidOperationException"/> once a
    /// call exists.
    /// </summary>
    public void UseDtlsCertificate(DtlsCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        lock (_gate)
        {
            if (_calls.Count != 0)
            {
                throw new InvalidOperationException($"the DTLS certificate cannot change while {_calls.Count} calls use it");
            }

            _dtlsCertificate = certificate;
        }
    }

    /// <summary>Calls created since start.</summary>
    public long ManagedCalls => Interlocked.Read(ref _managedCalls);

    /// <summary>Calls ended by the media timeout since start.</summary>
    public long TimedOutCalls => Interlocked.Read(ref _timedOutCalls);

    /// <summary>Calls ended by ng delete since start.</summary>
    public long DeletedCalls => Interlocked.Read(ref _deletedCalls);

    /// <summary>
    /// Suspends the media timeout, for a hot standby whose mirrored calls see no traffic. Resuming restarts every
    /// call's silence clock, so a standby that just took over does not end calls before their first packet arrives.
    /// </summary>
    public bool MediaTimeoutPaused
    {
        get
        {
            lock (_gate)
            {
                return _mediaTimeoutPaused;
            }
        }

        set
        {
            lock (_gate)
            {
                if (_mediaTimeoutPaused && !value)
                {
                    var now = _time.GetTimestamp();
                    foreach (var call in _calls.Values)
                    {
                        call.LastSignalTimestamp = now;
                    }
                }

                _mediaTimeoutPaused = value;
            }
        }
    }

    /// <summary>Registers an observer of every change (see <see cref="ICallObserver"/> for the rules).</summary>
    public void AddObserver(ICallObserver observer)
    {
        lock (_gate)
        {
            _observers.Add(observer);
        }
    }

    /// <summary>Up to <paramref name="limit"/> call ids, oldest first.</summary>
    public IReadOnlyList<string> ListCallIds(int limit)
    {
        lock (_gate)
        {
            return _calls.Values.OrderBy(c => c.CreatedUnixSeconds).Take(limit).Select(c => c.CallId).ToArray();
        }
    }

    /// <summary>Runs <paramref name="read"/> on a call under the registry lock; null when the call does not exist.</summary>
    public T? Inspect<T>(string callId, Func<Call, T> read)
        where T : class
    {
        lock (_gate)
        {
            return _calls.TryGetValue(callId, out var call) ? read(call) : null;
        }
    }

    /// <summary>
    /// The ng <c>delete</c>: ends the call if <paramref name="fromTag"/> (and <paramref name="toTag"/>, when given) name
    /// parties of it. <paramref name="beforeDelete"/> runs under the lock with the call still intact (to report its
    /// statistics). Unknown call or tag: <see cref="NgRequestException"/>.
    /// </summary>
    public T Delete<T>(string callId, string? fromTag, string? toTag, Func<Call, T> beforeDelete)
    {
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var call))
            {
                throw new NgRequestException($"unknown call-id '{callId}'");
            }

            if (fromTag is { Length: > 0 } && call.FindLeg(fromTag) is null)
            {
                throw new NgRequestException($"unknown from-tag '{fromTag}' in call '{callId}'");
            }

            if (toTag is { Length: > 0 } && call.FindLeg(toTag) is null && call.LegList.TrueForAll(leg => leg.Tag.Length > 0))
            {
                throw new NgRequestException($"unknown to-tag '{toTag}' in call '{callId}'");
            }

            var result = beforeDelete(call);
            EndCall(call, CallEndReason.Deleted);
            return result;
        }
    }

    /// <summary>Ends a call and releases its ports (e.g. HA mirroring a delete); false when it does not exist.</summary>
    public bool TryDelete(string callId, CallEndReason reason = CallEndReason.Programmatic)
    {
        lock (_gate)
        {
            if (!_calls.TryGetValue(callId, out var call))
            {
                return false;
            }

            EndCall(call, reason);
            return true;
        }
    }

    /// <summary>Ends every call that saw neither a packet nor signalling for longer than <paramref name="timeout"/> (by the registry's and the relay's clocks).</summary>
    public int EndTimedOutCalls(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_mediaTimeoutPaused)
            {
                return 0;
            }

            var expired = _calls.Values.Where(call => Silence(call) > timeout).ToArray();
            foreach (var call in expired)
            {
                _logger.LogInformation("Call {CallId} ended: no media for {TimeoutSeconds} s", call.CallId, timeout.TotalSeconds);
                EndCall(call, CallEndReason.MediaTimeout);
            }

            return expired.Length;
        }
    }

    /// <summary>Ends every call (shutdown). Observers see <see cref="CallEndReason.Shutdown"/> and should keep replicas.</summary>
    public void EndAll(CallEndReason reason)
    {
        lock (_gate)
        {
            foreach (var call in _calls.Values.ToArray())
            {
                EndCall(call, reason);
            }
        }
    }

    /// <summary>Ends every call and stops the notification task.</summary>
    public async ValueTask DisposeAsync()
    {
        _ports.Engine.EndpointLearned -= OnEndpointLearned;
        EndAll(CallEndReason.Shutdown);
        _learned.Writer.TryComplete();
        await _learnedPump.ConfigureAwait(false);
    }

    /// <summary>How long the call has seen neither signalling (on the registry's clock) nor a packet (on the relay's).</summary>
    private TimeSpan Silence(Call call)
    {
        var silence = _time.GetElapsedTime(call.LastSignalTimestamp);
        foreach (var stream in call.Streams)
        {
            if (stream.Counters.SinceLastPacket is { } sincePacket && sincePacket < silence)
            {
                silence = sincePacket;
            }
        }

        return silence;
    }

    private void EndCall(Call call, CallEndReason reason)
    {
        _calls.Remove(call.CallId);
        foreach (var leg in call.LegList)
        {
            foreach (var media in leg.MediaList)
            {
                media.WebRtc?.Dispose();
            }
        }

        foreach (var stream in call.Streams)
        {
            stream.Dispose();
        }

        switch (reason)
        {
            case CallEndReason.MediaTimeout:
                Interlocked.Increment(ref _timedOutCalls);
                break;
            case CallEndReason.Deleted:
                Interlocked.Increment(ref _deletedCalls);
                break;
        }

        foreach (var observer in _observers)
        {
            Notify(() => observer.OnCallDeleted(call.CallId, reason));
        }
    }

    private void NotifyChanged(Call call)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        var snapshot = CreateSnapshot(call);
        foreach (var observer in _observers)
        {
            Notify(() => observer.OnCallChanged(snapshot));
        }
    }

    private void Notify(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "A call observer failed; the call itself is unaffected");
        }
    }

    /// <summary>Marks <paramref name="stream"/> as <paramref name="call"/>'s, so a learned endpoint on it notifies the call's observers.</summary>
    private static void Track(Call call, RelayStream stream) => stream.Owner = call;

    private void OnEndpointLearned(object? sender, EndpointLearnedEventArgs args)
    {
        if (args.Stream.Owner is Call call)
        {
            _learned.Writer.TryWrite(call.CallId);
        }
    }

    private async Task PumpLearnedEndpointsAsync()
    {
        await foreach (var callId in _learned.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            lock (_gate)
            {
                if (_calls.TryGetValue(callId, out var call))
                {
                    NotifyChanged(call);
                }
            }
        }
    }

    private long NowUnixSeconds() => _time.GetUtcNow().ToUnixTimeSeconds();
}
