using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// Sends our heartbeat to the peer every interval and receives the peer's, each on its own thread so a busy
/// thread pool never delays them. Keeps the send time of recent sequences so an echo from the peer proves, on our
/// own clock (the node's <see cref="TimeProvider"/>), how recently the peer heard us.
/// </summary>
public sealed class HeartbeatChannel : IDisposable
{
    private const int SentRingSize = 1024;
    private readonly HeartbeatOptions _options;
    private readonly string _nodeId;
    private readonly Func<NodeRole> _role;
    private readonly HeartbeatCodec _codec;
    private readonly HeartbeatReplayGuard _guard;
    private readonly HighAvailabilityMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly ulong _bootId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private readonly long[] _sentAt = new long[SentRingSize];
    private readonly Lock _peerGate = new();
    private readonly CancellationTokenSource _stop = new();
    private PeerStatus _peer = PeerStatus.Unknown;
    private ulong _sequence;
    private ulong _lastPeerSequence;
    private Thread? _sender;
    private Thread? _receiver;

    /// <summary>Binds the heartbeat socket.</summary>
    /// <param name="time">The clock of <see cref="PeerStatus"/>'s timestamps, the one the coordinator reads; null means <see cref="TimeProvider.System"/>.</param>
    public HeartbeatChannel(HeartbeatOptions options, string nodeId, Func<NodeRole> role, HighAvailabilityMetrics metrics, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(role);
        _options = options;
        _nodeId = nodeId;
        _role = role;
        _codec = new HeartbeatCodec(options.Key);
        _guard = new HeartbeatReplayGuard(nodeId, TimeSpan.FromSeconds(5));
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _socket = new Socket(options.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(options.Listen);
        _socket.ReceiveTimeout = 200;
    }

    /// <summary>The bound local endpoint.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Latest view of the peer.</summary>
    public PeerStatus Peer
    {
        get
        {
            lock (_peerGate)
            {
                return _peer;
            }
        }
    }

    /// <summary>Starts the sender and receiver threads.</summary>
    public void Start()
    {
        _sender = new Thread(SendLoop) { IsBackground = true, Name = "ha-heartbeat-send", Priority = ThreadPriority.AboveNormal };
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "ha-heartbeat-receive", Priority = ThreadPriority.AboveNormal };
        _sender.Start();
        _receiver.Start();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _sender?.Join(TimeSpan.FromSeconds(2));
        _receiver?.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    private void SendLoop()
    {
        ThreadNice.TrySetCurrent(-15);
        var buffer = new byte[HeartbeatCodec.MaxSize];
        var intervalTicks = (long)(_options.Interval.TotalSeconds * _time.TimestampFrequency);
        var next = _time.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            var sequence = ++_sequence;
            ulong echo;
            lock (_peerGate)
            {
                echo = _lastPeerSequence;
            }

            var heartbeat = new Heartbeat(_nodeId, _bootId, sequence, _time.GetUtcNow().ToUnixTimeMilliseconds(), _role(), echo);
            var size = _codec.Encode(heartbeat, buffer);
            Volatile.Write(ref _sentAt[sequence % SentRingSize], _time.GetTimestamp());
            try
            {
                _socket.SendTo(buffer.AsSpan(0, size), SocketFlags.None, _options.Peer);
                _metrics.RecordHeartbeatSent();
            }
            catch (SocketException e)
            {
                // The peer link may be down; heartbeats are best effort and their absence is the signal.
                _logger.LogDebug("Heartbeat to {Peer} failed: {Error}", _options.Peer, e.SocketErrorCode);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            next += intervalTicks;
            var wait = _time.GetElapsedTime(_time.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                _stop.Token.WaitHandle.WaitOne(wait);
            }
            else
            {
                // We fell behind (descheduled): do not burst to catch up.
                next = _time.GetTimestamp();
            }
        }
    }

    private void ReceiveLoop()
    {
        ThreadNice.TrySetCurrent(-15);
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(_options.Listen.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.ConnectionReset)
            {
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }

            Heartbeat heartbeat = default;
            var accepted = ((IPEndPoint)from).Address.Equals(_options.Peer.Address)
                && _codec.TryDecode(buffer.AsSpan(0, length), out heartbeat)
                && _guard.Accept(heartbeat, _time.GetUtcNow().ToUnixTimeMilliseconds());
            _metrics.RecordHeartbeatReceived(accepted);
            if (!accepted)
            {
                continue;
            }

            var now = _time.GetTimestamp();
            var echoSentAt = long.MinValue;
            var ourSequence = Volatile.Read(ref _sequence);
            if (heartbeat.EchoSequence != 0 && heartbeat.EchoSequence <= ourSequence && ourSequence - heartbeat.EchoSequence < SentRingSize)
            {
                echoSentAt = Volatile.Read(ref _sentAt[heartbeat.EchoSequence % SentRingSize]);
            }

            lock (_peerGate)
            {
                _lastPeerSequence = heartbeat.Sequence;
                _peer = new PeerStatus(now, heartbeat.Role, Math.Max(echoSentAt, _peer.EchoSentAt));
            }
        }
    }
}
