namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// Dedicated threads for BouncyCastle's blocking DTLS handshakes (not the thread pool, whose threads must never block
/// for seconds). A handshake takes a thread only while it runs; a thread that finishes one takes the next queued one or
/// waits <see cref="IdleTimeout"/> for it and then exits, so a steady stream of calls reuses threads instead of paying
/// for a new one per handshake (thread creation was ~10% of media-node's CPU per handshake in the bench profile).
/// At most <see cref="MaxThreads"/> run at once; more wait in order for a thread, their own handshake timeouts running.
/// </summary>
public sealed class DtlsHandshakeThreads
{
    /// <summary>Far more handshakes than two cores complete at once (each is a few ms of CPU between network round
    /// trips), while bounding what stalled peers can make the node allocate (a stack per thread).</summary>
    public const int DefaultMaxThreads = 256;

    /// <summary>Long enough to carry a thread from one call's handshake to the next under steady load.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly Queue<Action> _queue = new();
    private int _threads;
    private int _idle;

    public DtlsHandshakeThreads(int maxThreads, TimeSpan idleTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(idleTimeout, TimeSpan.Zero);
        MaxThreads = maxThreads;
        IdleTimeout = idleTimeout;
    }

    /// <summary>The node's handshake threads, shared by every DTLS session.</summary>
    public static DtlsHandshakeThreads Shared { get; } = new(DefaultMaxThreads, DefaultIdleTimeout);

    public int MaxThreads { get; }

    public TimeSpan IdleTimeout { get; }

    /// <summary>Threads alive, running a handshake or idle.</summary>
    public int Threads
    {
        get
        {
            lock (_gate)
            {
                return _threads;
            }
        }
    }

    /// <summary>Threads waiting for a handshake.</summary>
    public int IdleThreads
    {
        get
        {
            lock (_gate)
            {
                return _idle;
            }
        }
    }

    /// <summary>Runs <paramref name="handshake"/> on a handshake thread: an idle one, a new one below
    /// <see cref="MaxThreads"/>, or the first to free up. It must not throw (an exception would end the process, as
    /// on any thread of its own).</summary>
    public void Run(Action handshake)
    {
        ArgumentNullException.ThrowIfNull(handshake);
        lock (_gate)
        {
            _queue.Enqueue(handshake);
            if (_idle > 0)
            {
                Monitor.Pulse(_gate);
            }

            // Idle threads already woken count until they dequeue, so start one only for work none of them will take.
            if (_queue.Count <= _idle || _threads >= MaxThreads)
            {
                return;
            }

            _threads++;
        }

        new Thread(Serve) { IsBackground = true, Name = "dtls-handshake" }.Start();
    }

    private void Serve()
    {
        while (TryTake(out var handshake))
        {
            handshake();
        }
    }

    private bool TryTake(out Action handshake)
    {
        lock (_gate)
        {
            while (!_queue.TryDequeue(out handshake!))
            {
                _idle++;
                bool woken = Monitor.Wait(_gate, IdleTimeout);
                _idle--;
                if (!woken && _queue.Count == 0)
                {
                    _threads--;
                    return false;
                }
            }

            return true;
        }
    }
}
