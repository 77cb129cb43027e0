namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// One bound UDP socket of a stream (its RTP or its RTCP port), as a backend implements it. Carries the source
/// check for that channel and hands "endpoint learned" notices to the thread pool, off the event loop.
/// </summary>
internal abstract class RelaySocket : IThreadPoolWorkItem
{
    private EndpointLearner _learner;
    private MediaEndpoint? _lastAnnounced;
    private int _announcePending;
    private int _closed;

    protected RelaySocket(int port, EndpointLearner learner)
    {
        Port = port;
        _learner = learner;
    }

    public int Port { get; }

    /// <summary>Set once by <see cref="Attach"/> before any packet is processed.</summary>
    public RelayStream Stream { get; private set; } = null!;

    public RelayChannel Channel { get; private set; }

    public EndpointLearner Learner => Volatile.Read(ref _learner);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void Attach(RelayStream stream, RelayChannel channel)
    {
        Stream = stream;
        Channel = channel;
    }

    public void ReplaceLearner(EndpointLearner learner) => Volatile.Write(ref _learner, learner);

    /// <summary>Marks the socket closed with a full fence, so an event loop that starts a batch afterwards skips it.</summary>
    public void MarkClosed() => Interlocked.Exchange(ref _closed, 1);

    /// <summary>Releases the OS socket; the engine calls it only when no event loop can still be using it.</summary>
    public abstract void CloseHandle();

    /// <summary>Sends one datagram outside the event loop's batch (an ICE response, a DTLS flight); never blocks.
    /// False when the socket is closed or the kernel refused it.</summary>
    public abstract bool SendControl(ReadOnlySpan<byte> datagram, MediaEndpoint destination);

    /// <summary>Queues an "endpoint learned" notice; at most one is queued per socket at a time.</summary>
    public void AnnounceLearned()
    {
        if (Interlocked.Exchange(ref _announcePending, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        Volatile.Write(ref _announcePending, 0);
        var learned = Learner.Learned;
        if (learned is null || ReferenceEquals(learned, _lastAnnounced) || IsClosed)
        {
            return;
        }

        _lastAnnounced = learned;
        Stream.RaiseEndpointLearned(Channel, learned.EndPoint);
    }
}
