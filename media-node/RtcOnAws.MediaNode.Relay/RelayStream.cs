using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// One media stream on our side of a call leg: the RTP socket (even port) and, unless rtcp-mux, the RTCP socket
/// (odd port) that the remote party of this leg sends to. Packets received here are relayed out of the
/// <see cref="Peer"/> stream's sockets to the peer's remote endpoint. Created by <see cref="PortPool"/>; control
/// methods are thread-safe and never block the event loops.
/// </summary>
public sealed class RelayStream : IDisposable
{
    private readonly RelayEngine _engine;
    private readonly PortPool _pool;
    private readonly StreamCounterSet _counters = new();
    private RelayStream? _peer;
    private IMediaTransform? _transform;
    private IMediaControlHandler? _controlHandler;
    private object? _owner;
    private int _disposed;

    internal RelayStream(RelayEngine engine, PortPool pool, RelaySocket rtp, RelaySocket? rtcp)
    {
        _engine = engine;
        _pool = pool;
        RtpSocket = rtp;
        RtcpSocket = rtcp;
        rtp.Attach(this, RelayChannel.Rtp);
        rtcp?.Attach(this, RelayChannel.Rtcp);
    }

    /// <summary>Raised (on a thread-pool thread) when this stream learns its remote endpoint for a channel.</summary>
    public event EventHandler<EndpointLearnedEventArgs>? EndpointLearned;

    /// <summary>The local address the sockets are bound to.</summary>
    public IPAddress LocalAddress => _pool.LocalAddress;

    /// <summary>The even local port carrying RTP (and RTCP with rtcp-mux).</summary>
    public int RtpPort => RtpSocket.Port;

    /// <summary>The local port carrying RTCP: <see cref="RtpPort"/> + 1, or <see cref="RtpPort"/> with rtcp-mux.</summary>
    public int RtcpPort => RtcpSocket?.Port ?? RtpSocket.Port;

    /// <summary>True when RTP and RTCP share the RTP port (RFC 5761); the odd port stays reserved but unbound.</summary>
    public bool RtcpMux => RtcpSocket is null;

    /// <summary>The stream whose remote party receives what this stream's remote party sends; null if none.</summary>
    public RelayStream? Peer => Volatile.Read(ref _peer);

    /// <summary>
    /// How media is rewritten on this leg: packets from this stream's remote party are unprotected by it before they
    /// are relayed, packets to this stream's remote party are protected by it before they leave. Null (the default)
    /// relays the bytes unchanged. May be replaced at any time (a re-key); the loops pick up the new one per packet.
    /// The stream owns it: a replaced transform, and the last one when the stream is disposed, is disposed if it is
    /// <see cref="IDisposable"/> (a loop may still be inside it then, so it must answer calls after disposal with a
    /// drop such as <see cref="MediaTransformResult.NotKeyed"/>, not an exception).
    /// </summary>
    public IMediaTransform? Transform
    {
        get => Volatile.Read(ref _transform);
        set
        {
            var previous = Interlocked.Exchange(ref _transform, value);
            if (!ReferenceEquals(previous, value))
            {
                (previous as IDisposable)?.Dispose();
                // The kernel copies bytes unchanged: a leg that gains or loses a transform moves between the paths.
                SyncKernel();
            }
        }
    }

    /// <summary>
    /// Takes STUN and DTLS arriving on this stream's RTP port (a WebRTC leg) before the source check; null (the
    /// default) treats them like any other datagram. See <see cref="IMediaControlHandler"/>.
    /// </summary>
    public IMediaControlHandler? ControlHandler
    {
        get => Volatile.Read(ref _controlHandler);
        set => Volatile.Write(ref _controlHandler, value);
    }

    /// <summary>
    /// Whatever the stream's owner attaches to it (the call registry: the call it belongs to), so a handler of the
    /// engine-wide <see cref="RelayEngine.EndpointLearned"/> finds its own object without a handler per stream. The
    /// relay never reads it.
    /// </summary>
    public object? Owner
    {
        get => Volatile.Read(ref _owner);
        set => Volatile.Write(ref _owner, value);
    }

    /// <summary>Learning mode in effect for the RTP channel.</summary>
    public EndpointLearning LearningMode => RtpSocket.Learner.Mode;

    /// <summary>Where RTP for this stream's remote party goes now (learned, else the SDP address); null if unknown.</summary>
    public IPEndPoint? RemoteRtp => RtpSocket.Learner.Destination?.EndPoint;

    /// <summary>Where RTCP for this stream's remote party goes now (the RTP endpoint with rtcp-mux); null if unknown.</summary>
    public IPEndPoint? RemoteRtcp => (RtcpSocket ?? RtpSocket).Learner.Destination?.EndPoint;

    /// <summary>The learned RTP endpoint; null until learned.</summary>
    public IPEndPoint? LearnedRtp => RtpSocket.Learner.Learned?.EndPoint;

    /// <summary>The learned RTCP endpoint (the RTP one with rtcp-mux); null until learned.</summary>
    public IPEndPoint? LearnedRtcp => (RtcpSocket ?? RtpSocket).Learner.Learned?.EndPoint;

    /// <summary>A snapshot of this stream's counters.</summary>
    public StreamCounters Counters => _counters.Snapshot(_engine.Time);

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>True while at least one channel of this stream is forwarded by the kernel (see <see cref="RelayEngineOptions.KernelForwarding"/>).</summary>
    public bool IsForwardedInKernel => _engine.Kernel?.IsInstalled(this) ?? false;

    internal RelaySocket RtpSocket { get; }

    internal RelaySocket? RtcpSocket { get; }

    internal StreamCounterSet CounterSet => _counters;

    internal AddressFamily AddressFamily => _pool.LocalAddress.AddressFamily;

    /// <summary>
    /// Packets received on this stream are sent out of <paramref name="peer"/>'s sockets to <paramref name="peer"/>'s
    /// remote endpoint: RTP to RTP, RTCP to RTCP (to the peer's RTP socket and endpoint when the peer uses rtcp-mux;
    /// RTCP arriving muxed here is recognised by its packet type). Null stops relaying (drops counted as no-peer).
    /// Usually called for both directions: <c>a.SetPeer(b); b.SetPeer(a);</c>.
    /// </summary>
    public void SetPeer(RelayStream? peer)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (ReferenceEquals(peer, this))
        {
            throw new ArgumentException("A stream cannot be its own peer.", nameof(peer));
        }

        if (peer is not null && !ReferenceEquals(peer._engine, _engine))
        {
            throw new ArgumentException("The peer stream belongs to another RelayEngine.", nameof(peer));
        }

        var previous = Interlocked.Exchange(ref _peer, peer);
        if (peer is not null)
        {
            _engine.Backend.Colocate(this, peer);
        }

        _engine.Kernel?.Sync(this, previous, peer);
    }

    /// <summary>Sets the remote endpoints from the SDP with the engine's default learning mode.</summary>
    public void ExpectRemote(IPEndPoint? rtp, IPEndPoint? rtcp) => ExpectRemote(rtp, rtcp, _engine.Options.DefaultEndpointLearning);

    /// <summary>
    /// Sets the remote endpoints announced in the SDP (<c>c=</c>/<c>m=</c>, <c>a=rtcp</c>) and how to learn the real
    /// ones (see <see cref="EndpointLearning"/>). Forgets anything learned before. <paramref name="rtcp"/> null means
    /// RTP port + 1 (ignored with rtcp-mux). Endpoints must have this stream's address family.
    /// </summary>
    public void ExpectRemote(IPEndPoint? rtp, IPEndPoint? rtcp, EndpointLearning mode)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be Strict, Heuristic, Immediate or Off.");
        }

        CheckFamily(rtp, nameof(rtp));
        CheckFamily(rtcp, nameof(rtcp));
        var window = _engine.HeuristicWindowTicks;
        var expectedRtp = rtp is null ? null : new MediaEndpoint(rtp);
        RtpSocket.ReplaceLearner(new EndpointLearner(mode, expectedRtp, null, window));
        if (RtcpSocket is not null)
        {
            var rtcpEndPoint = rtcp ?? (rtp is null || rtp.Port == IPEndPoint.MaxPort ? null : new IPEndPoint(rtp.Address, rtp.Port + 1));
            RtcpSocket.ReplaceLearner(new EndpointLearner(mode, rtcpEndPoint is null ? null : new MediaEndpoint(rtcpEndPoint), null, window));
        }
        SyncKernel();
    }

    /// <summary>
    /// Restores endpoints learned elsewhere (the HA standby, from Redis): media goes there at once and only those
    /// sources are accepted. <paramref name="rtcp"/> null means RTP port + 1 (ignored with rtcp-mux).
    /// Does not raise <see cref="EndpointLearned"/>.
    /// </summary>
    public void SetLearnedRemote(IPEndPoint rtp, IPEndPoint? rtcp)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentNullException.ThrowIfNull(rtp);
        CheckFamily(rtp, nameof(rtp));
        CheckFamily(rtcp, nameof(rtcp));
        var window = _engine.HeuristicWindowTicks;
        var rtpLearner = RtpSocket.Learner;
        var learnedRtp = new MediaEndpoint(rtp);
        RtpSocket.ReplaceLearner(new EndpointLearner(rtpLearner.Mode, rtpLearner.Expected ?? learnedRtp, learnedRtp, window));
        if (RtcpSocket is not null)
        {
            var rtcpLearner = RtcpSocket.Learner;
            var learnedRtcp = rtcp is not null ? new MediaEndpoint(rtcp)
                : rtp.Port == IPEndPoint.MaxPort ? null
                : new MediaEndpoint(new IPEndPoint(rtp.Address, rtp.Port + 1));
            RtcpSocket.ReplaceLearner(new EndpointLearner(rtcpLearner.Mode, rtcpLearner.Expected ?? learnedRtcp, learnedRtcp, window));
        }
        SyncKernel();
    }

    /// <summary>Sends a control datagram (ICE response, DTLS flight) from the RTP port to <paramref name="destination"/>;
    /// callable from any thread. False once disposed or when the kernel refused it.</summary>
    public bool SendControl(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return !IsDisposed && RtpSocket.SendControl(datagram, new MediaEndpoint(destination));
    }

    /// <summary>Closes the sockets (waiting until no event loop can still be using them) and returns the ports to the pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Entries go before the ports do, so a stream that gets these ports next never inherits this call's packets.
        var peer = Interlocked.Exchange(ref _peer, null);
        _engine.Kernel?.Sync(this, peer);
        _engine.CloseStream(this);
        (Interlocked.Exchange(ref _transform, null) as IDisposable)?.Dispose();
        _pool.Release(RtpPort);
    }

    internal void RaiseEndpointLearned(RelayChannel channel, IPEndPoint endPoint)
    {
        var args = new EndpointLearnedEventArgs(this, channel, endPoint);
        _engine.OnEndpointLearned(args);
        try
        {
            EndpointLearned?.Invoke(this, args);
        }
        catch (Exception exception)
        {
            _engine.ReportHandlerFailure(exception);
        }
    }

    /// <summary>Re-evaluates this stream's kernel entries and its peer's (which point at this stream's destination).</summary>
    internal void SyncKernel() => _engine.Kernel?.Sync(this, Peer);

    /// <summary>The socket a packet for this stream's remote party leaves from, and the learner holding its destination.</summary>
    internal RelaySocket OutgoingSocket(bool rtcp) => rtcp && RtcpSocket is not null ? RtcpSocket : RtpSocket;

    private void CheckFamily(IPEndPoint? endPoint, string parameterName)
    {
        if (endPoint is not null && endPoint.AddressFamily != AddressFamily)
        {
            throw new ArgumentException(
                $"{parameterName} is {endPoint.AddressFamily} but the stream is bound to {LocalAddress} ({AddressFamily}); use the same address family.",
                parameterName);
        }
    }
}
