using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// The data plane: event loops that relay RTP/RTCP between <see cref="RelayStream"/>s. With the
/// <see cref="RelayBackend.Epoll"/> backend there is one thread per loop blocked in <c>epoll_wait</c>, streams are
/// sharded across loops, and a relayed packet costs one <c>recvmmsg</c> and one <c>sendmmsg</c> slot with no
/// allocation. Allocate streams through a <see cref="PortPool"/>. Thread-safe.
/// </summary>
public sealed class RelayEngine : IAsyncDisposable
{
    /// <summary>
    /// Spare bytes after every received datagram, so an <see cref="IMediaTransform"/> can grow a packet in place
    /// (SRTCP adds a 4-byte index and up to a 16-byte tag; SRTP up to a 16-byte tag).
    /// </summary>
    public const int TransformHeadroom = 64;

    private readonly PacketBackend _backend;
    private readonly ILogger _logger;
    private readonly HashSet<RelayStream> _streams = [];
    private readonly Lock _streamsLock = new();
    private long _endpointsLearned;
    private int _state;
    private volatile bool _forwardingEnabled = true;
    private long _forwardingDeadline = long.MaxValue;

    /// <summary>Creates the engine and its loops (not yet running: call <see cref="Start"/>).</summary>
    /// <param name="options">Settings; null means defaults. Copied, so later changes to the object have no effect.</param>
    /// <param name="logger">Receives loop failures and event-handler exceptions; null discards them.</param>
    /// <param name="time">The clock of learning windows, packet times and the forwarding deadline; null means <see cref="TimeProvider.System"/>.</param>
    public RelayEngine(RelayEngineOptions? options = null, ILogger? logger = null, TimeProvider? time = null)
    {
        var source = options ?? new RelayEngineOptions();
        source.Validate();
        Options = new RelayEngineOptions
        {
            LoopCount = source.LoopCount,
            Backend = source.Backend,
            ReceiveBufferSize = source.ReceiveBufferSize,
            SocketReceiveBufferBytes = source.SocketReceiveBufferBytes,
            DefaultEndpointLearning = source.DefaultEndpointLearning,
            HeuristicLearningWindow = source.HeuristicLearningWindow,
            BatchSize = source.BatchSize,
        };
        _logger = logger ?? NullLogger.Instance;
        Time = time ?? TimeProvider.System;
        HeuristicWindowTicks = (long)(Options.HeuristicLearningWindow.TotalSeconds * Time.TimestampFrequency);
        _backend = Options.Backend == RelayBackend.Epoll ? new Epoll.EpollBackend(this) : new Portable.PortableBackend(this);
    }

    /// <summary>Raised (on a thread-pool thread) whenever any stream of this engine learns a remote endpoint; HA persists it.</summary>
    public event EventHandler<EndpointLearnedEventArgs>? EndpointLearned;

    /// <summary>The settings in effect (a copy of what was passed in). Do not modify.</summary>
    public RelayEngineOptions Options { get; }

    /// <summary>
    /// The engine's clock. The loops read <see cref="TimeProvider.GetTimestamp"/> once per batch of datagrams; every
    /// timestamp the engine takes or hands out (<see cref="ForwardingDeadline"/>, <see cref="StreamCounters.LastPacketTimestamp"/>)
    /// is on this clock.
    /// </summary>
    public TimeProvider Time { get; }

    /// <summary>True after <see cref="Start"/>.</summary>
    public bool IsStarted => Volatile.Read(ref _state) == 1;

    /// <summary>
    /// Engine-wide forwarding switch for HA self-fencing. When false, packets are still received (so queues do not
    /// build up) but dropped and counted as <see cref="DropReason.Fenced"/>. Default true. Takes effect at the next batch.
    /// </summary>
    public bool ForwardingEnabled
    {
        get => _forwardingEnabled;
        set => _forwardingEnabled = value;
    }

    /// <summary>
    /// Self-fencing deadline as a timestamp of <see cref="Time"/> (with <see cref="TimeProvider.System"/>, a
    /// <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> value): once the clock passes it,
    /// packets are dropped as <see cref="DropReason.Fenced"/> exactly as if <see cref="ForwardingEnabled"/> were false.
    /// HA pushes it forward on every lease renewal, so a node that was frozen (SIGSTOP) past its lease cannot forward
    /// even one queued packet after it resumes: the loops check the clock themselves right before every send.
    /// Default <see cref="long.MaxValue"/> (no deadline).
    /// </summary>
    public long ForwardingDeadline
    {
        get => Volatile.Read(ref _forwardingDeadline);
        set => Volatile.Write(ref _forwardingDeadline, value);
    }

    /// <summary>A snapshot of the engine-wide counters.</summary>
    public RelayStatistics Statistics
    {
        get
        {
            long received = 0, relayedPackets = 0, relayedBytes = 0;
            var dropped = default(DropCounts);
            _backend.AddCountersTo(ref received, ref relayedPackets, ref relayedBytes, ref dropped);
            return new RelayStatistics
            {
                PacketsReceived = received,
                PacketsRelayed = relayedPackets,
                BytesRelayed = relayedBytes,
                Dropped = dropped,
                ActiveStreams = ActiveStreams,
                EndpointsLearned = Volatile.Read(ref _endpointsLearned),
            };
        }
    }

    /// <summary>Streams allocated and not yet disposed.</summary>
    public int ActiveStreams
    {
        get
        {
            lock (_streamsLock)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>
    /// Bytes allocated on the event-loop threads since they started, sampled after every batch. The hot path allocates
    /// nothing per packet, so this stays flat under steady traffic (only rare events such as learning allocate).
    /// </summary>
    public long EventLoopAllocatedBytes => _backend.LoopAllocatedBytes;

    internal PacketBackend Backend => _backend;

    internal ILogger Logger => _logger;

    /// <summary><see cref="RelayEngineOptions.HeuristicLearningWindow"/> in timestamp units of <see cref="Time"/>.</summary>
    internal long HeuristicWindowTicks { get; }

    /// <summary>Starts the event loops. Streams may be allocated before or after.</summary>
    public void Start()
    {
        int previous = Interlocked.CompareExchange(ref _state, 1, 0);
        ObjectDisposedException.ThrowIf(previous == 2, this);
        if (previous == 0)
        {
            _backend.Start();
        }
    }

    /// <summary>Stops the loops and disposes every stream still allocated (closing their sockets).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        await _backend.StopAsync().ConfigureAwait(false);
        RelayStream[] remaining;
        lock (_streamsLock)
        {
            remaining = [.. _streams];
        }

        foreach (var stream in remaining)
        {
            stream.Dispose();
        }
    }

    /// <summary>The fencing check of the hot path: the switch and the deadline, both read without locks.</summary>
    internal bool IsForwarding(long nowTimestamp) => _forwardingEnabled && nowTimestamp <= Volatile.Read(ref _forwardingDeadline);

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == 2, this);

    /// <summary>
    /// Makes room for <paramref name="streams"/> more streams up front (descriptor table, socket table, stream set), so
    /// allocating thousands at once (an HA standby restoring every call) does not keep growing them.
    /// </summary>
    internal void Reserve(int streams)
    {
        lock (_streamsLock)
        {
            _streams.EnsureCapacity(_streams.Count + streams);
        }

        _backend.ReserveDescriptors(streams * 2);
    }

    internal void Register(RelayStream stream)
    {
        lock (_streamsLock)
        {
            _streams.Add(stream);
        }

        _backend.Register(stream);
    }

    internal void CloseStream(RelayStream stream)
    {
        _backend.Close(stream);
        lock (_streamsLock)
        {
            _streams.Remove(stream);
        }
    }

    internal void OnEndpointLearned(EndpointLearnedEventArgs args)
    {
        Interlocked.Increment(ref _endpointsLearned);
        try
        {
            EndpointLearned?.Invoke(this, args);
        }
        catch (Exception exception)
        {
            ReportHandlerFailure(exception);
        }
    }

    internal void ReportHandlerFailure(Exception exception) =>
        _logger.LogError(exception, "An EndpointLearned handler threw; the relay goes on");
}
