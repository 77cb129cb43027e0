using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;

namespace RtcOnAws.MediaNode.WebRtc.Dtls;

/// <summary>
/// One leg's DTLS-SRTP association (RFC 5764). BouncyCastle's handshake is blocking, so it runs on a thread of
/// <see cref="DtlsHandshakeThreads"/> and is fed by <see cref="Deliver"/> from the media receive loop; a
/// <see cref="TimeProvider"/> timer closes the transport when the handshake has not finished in time, which fails it as
/// <see cref="DtlsSessionState.TimedOut"/>. A client's thread starts with <see cref="Start"/> (it speaks first); a
/// server's only with the first datagram from the peer, so a call whose browser has not reached DTLS yet holds no thread.
/// After the handshake the thread stays to answer retransmitted final flights until the peer proves it has the keys
/// (<see cref="PeerKeyed"/>), the retransmission window ends or <see cref="Dispose"/>; <see cref="ThreadExited"/>
/// tells when it is gone.
/// </summary>
public sealed class DtlsSession : IDisposable
{
    /// <summary>Long enough for BouncyCastle's retransmission backoff (1 s doubling) to try several times.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long a finished server still answers a peer that resends its final flight (its copy of our
    /// Finished was lost), unless the peer's first SRTP ends it sooner (<see cref="PeerKeyed"/>). Bounded so a call
    /// whose peer never sends does not hold a thread for its whole life.</summary>
    public static readonly TimeSpan RetransmissionWindow = TimeSpan.FromSeconds(30);

    private readonly IDtlsDatagramSender _sender;

    private readonly DtlsSrtpNegotiation _negotiation;
    private readonly DtlsDatagramTransport _transport;
    private readonly TimeProvider _time;
    private readonly TimeSpan _handshakeTimeout;
    private readonly DtlsHandshakeThreads _threads;
    private readonly TaskCompletionSource<DtlsSrtpKeys> _keys = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _threadExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timeout;
    private DtlsTransport? _established;
    private int _state = (int)DtlsSessionState.New;
    private int _thread = (int)HandshakeThread.NotStarted;
    private long _droppedDatagrams;

    /// <param name="threads">Where the handshake runs; <see cref="DtlsHandshakeThreads.Shared"/> by default.</param>
    public DtlsSession(DtlsCertificate local, DtlsFingerprint expectedRemote, DtlsRole role, IDtlsDatagramSender sender,
        TimeProvider time, TimeSpan? handshakeTimeout = null, DtlsHandshakeThreads? threads = null)
    {
        _negotiation = new DtlsSrtpNegotiation(local, expectedRemote, role);
        _sender = sender;
        _transport = new DtlsDatagramTransport(sender, time);
        _time = time;
        _handshakeTimeout = handshakeTimeout ?? DefaultHandshakeTimeout;
        _threads = threads ?? DtlsHandshakeThreads.Shared;
    }

    public DtlsRole Role => _negotiation.Role;

    public DtlsSessionState State => (DtlsSessionState)Volatile.Read(ref _state);

    /// <summary>Datagrams refused before the handshake saw them: badly framed, a flood, or after close.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _droppedDatagrams);

    /// <summary>Completes with the exported SRTP keys, or faults when the handshake fails or times out.</summary>
    public Task<DtlsSrtpKeys> Keys => _keys.Task;

    /// <summary>Completes when the session has given its handshake thread back: the handshake failed, or a connected
    /// session stopped serving retransmissions. Each handshake in progress or in its retransmission window holds a thread.</summary>
    public Task ThreadExited => _threadExited.Task;

    /// <summary>True once the handshake has been handed to a thread (a server's waits for the peer's first datagram).</summary>
    public bool ThreadStarted => Volatile.Read(ref _thread) == (int)HandshakeThread.Started;

    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, (int)DtlsSessionState.Handshaking, (int)DtlsSessionState.New)
            != (int)DtlsSessionState.New)
        {
            return;
        }

        _timeout = _time.CreateTimer(_ => TimeOut(), null, _handshakeTimeout, Timeout.InfiniteTimeSpan);
        if (_negotiation.Role == DtlsRole.Client || _transport.HasQueued)
        {
            StartThread();
        }
    }

    /// <summary>The peer sent media that authenticated with the exported keys, so it has our final flight and will
    /// not resend its own: a connected session stops serving retransmissions and its thread returns now rather than
    /// at the end of <see cref="RetransmissionWindow"/>. The keys stay valid; before the handshake is done this does
    /// nothing. Never blocks.</summary>
    public void PeerKeyed()
    {
        if (State == DtlsSessionState.Connected)
        {
            _transport.Close();
        }
    }

    /// <summary>Called by the receive loop for a datagram RFC 7983 classified as DTLS; never blocks.</summary>
    public void Deliver(ReadOnlySpan<byte> datagram)
    {
        if (!DtlsRecordFilter.IsWellFramed(datagram) || !_transport.TryEnqueue(datagram))
        {
            Interlocked.Increment(ref _droppedDatagrams);
            return;
        }

        // Enqueued before the state is read, and Start sets the state before it looks at the queue: whichever
        // runs second starts the thread.
        if (State == DtlsSessionState.Handshaking)
        {
            StartThread();
        }
    }

    public void Dispose()
    {
        SetFinalState(DtlsSessionState.Closed);
        _timeout?.Dispose();
        _transport.Close();
        _keys.TrySetException(new ObjectDisposedException(nameof(DtlsSession)));
        NeverStartThread();
    }

    private void StartThread()
    {
        if (Interlocked.CompareExchange(ref _thread, (int)HandshakeThread.Started, (int)HandshakeThread.NotStarted) == (int)HandshakeThread.NotStarted)
        {
            _threads.Run(Run);
        }
    }

    /// <summary>A session that ended before its thread was needed (timed out or disposed) never takes one.</summary>
    private void NeverStartThread()
    {
        if (Interlocked.CompareExchange(ref _thread, (int)HandshakeThread.Never, (int)HandshakeThread.NotStarted) == (int)HandshakeThread.NotStarted)
        {
            _threadExited.TrySetResult();
        }
    }

    private void Run()
    {
        try
        {
            Handshake();
        }
        finally
        {
            _threadExited.TrySetResult();
        }
    }

    private void Handshake()
    {
        var crypto = new DtlsCrypto(new SecureRandom());
        try
        {
            _established = _negotiation.Role == DtlsRole.Server
                ? new DtlsServerProtocol().Accept(new SrtpDtlsServer(crypto, _negotiation), _transport)
                : new DtlsClientProtocol().Connect(new SrtpDtlsClient(crypto, _negotiation), _transport);
        }
        catch (Exception e) when (e is TlsException or IOException or InvalidOperationException)
        {
            var failure = _negotiation.FingerprintMismatch ? DtlsSessionState.FingerprintMismatch : DtlsSessionState.Failed;
            SetFinalState(failure);
            _timeout?.Dispose();
            _transport.Close();
            _keys.TrySetException(new DtlsHandshakeException(State, e));
            return;
        }

        _timeout?.Dispose();
        if (Interlocked.CompareExchange(ref _state, (int)DtlsSessionState.Connected, (int)DtlsSessionState.Handshaking)
            != (int)DtlsSessionState.Handshaking)
        {
            return;
        }

        _keys.TrySetResult(_negotiation.Keys!);
        ServeRetransmissions(_established);
    }

    /// <summary>If our last flight is lost the peer resends its own; reading is what makes BouncyCastle answer it.
    /// WebRTC sends no application data over DTLS, so whatever is read is discarded.</summary>
    private void ServeRetransmissions(DtlsTransport established)
    {
        var buffer = new byte[DtlsDatagramTransport.DatagramLimit];
        var started = _time.GetTimestamp();
        try
        {
            while (!_transport.IsClosed && _sender.IsOpen && _time.GetElapsedTime(started) < RetransmissionWindow)
            {
                established.Receive(buffer, 0, buffer.Length, 1000);
            }
        }
        catch (Exception e) when (e is TlsException or IOException)
        {
            // The peer closed the association, it keyed SRTP or the leg was disposed: the SRTP keys stay valid.
        }
    }

    private void TimeOut()
    {
        if (Interlocked.CompareExchange(ref _state, (int)DtlsSessionState.TimedOut, (int)DtlsSessionState.Handshaking)
            == (int)DtlsSessionState.Handshaking)
        {
            _transport.Close();
            _keys.TrySetException(new DtlsHandshakeException(DtlsSessionState.TimedOut, null));
            NeverStartThread();
        }
    }

    /// <summary>The first terminal state wins (a timeout is not overwritten by the failure it causes), and only
    /// <see cref="Dispose"/> ends a connected session.</summary>
    private void SetFinalState(DtlsSessionState state)
    {
        var current = Volatile.Read(ref _state);
        while (current is (int)DtlsSessionState.New or (int)DtlsSessionState.Handshaking
               || (current == (int)DtlsSessionState.Connected && state == DtlsSessionState.Closed))
        {
            var seen = Interlocked.CompareExchange(ref _state, (int)state, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private enum HandshakeThread
    {
        NotStarted,
        Started,
        Never,
    }
}
