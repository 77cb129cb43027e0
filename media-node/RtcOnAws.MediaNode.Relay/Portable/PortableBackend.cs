using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode.Relay.Portable;

/// <summary>
/// Fallback backend for any OS: one asynchronous receive loop per socket on .NET sockets, using the
/// <see cref="SocketAddress"/> overloads so steady-state relaying does not allocate. Costs about what rtpengine does
/// per packet; use <see cref="RelayBackend.Epoll"/> on Linux.
/// </summary>
internal sealed class PortableBackend(RelayEngine engine) : PacketBackend(engine)
{
    private const int LinuxFreeBind = 15;
    private const int LinuxIPv6FreeBind = 78;

    private readonly EngineCounterSet _counters = new();
    private readonly TimeProvider _time = engine.Time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<PortableSocket> _waiting = [];
    private readonly HashSet<Task> _receivers = [];
    private bool _started;

    /// <summary>Receive loops run on thread-pool threads shared with everything else, so no per-loop figure exists.</summary>
    public override long LoopAllocatedBytes => 0;

    public override RelaySocket? TryBind(IPAddress address, int port, bool freeBind)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            if (freeBind)
            {
                if (!OperatingSystem.IsLinux())
                {
                    throw new PlatformNotSupportedException("freeBind (IP_FREEBIND) is only available on Linux.");
                }

                bool ipv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
                socket.SetRawSocketOption(ipv6 ? 41 : 0, ipv6 ? LinuxIPv6FreeBind : LinuxFreeBind, BitConverter.GetBytes(1));
            }

            if (Engine.Options.SocketReceiveBufferBytes > 0)
            {
                socket.ReceiveBufferSize = Engine.Options.SocketReceiveBufferBytes;
            }

            socket.Bind(new IPEndPoint(address, port));
            return new PortableSocket(socket, port, InitialLearner());
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            if (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return null;
            }

            throw BindFailed(address, port, freeBind, exception.SocketErrorCode.ToString());
        }
    }

    public override void Register(RelayStream stream)
    {
        lock (_lock)
        {
            foreach (var socket in Sockets(stream))
            {
                if (_started)
                {
                    StartReceiver(socket);
                }
                else
                {
                    _waiting.Add(socket);
                }
            }
        }
    }

    public override void Close(RelayStream stream)
    {
        foreach (var socket in Sockets(stream))
        {
            socket.MarkClosed();
            socket.CloseHandle();
            lock (_lock)
            {
                _waiting.Remove(socket);
            }
        }
    }

    public override void CloseUnregistered(RelaySocket socket) => socket.CloseHandle();

    public override void Start()
    {
        lock (_lock)
        {
            _started = true;
            foreach (var socket in _waiting)
            {
                StartReceiver(socket);
            }

            _waiting.Clear();
        }
    }

    public override async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] receivers;
        lock (_lock)
        {
            receivers = [.. _receivers];
        }

        await Task.WhenAll(receivers).ConfigureAwait(false);
    }

    public override void AddCountersTo(ref long received, ref long relayedPackets, ref long relayedBytes, ref DropCounts dropped)
    {
        received += _counters.Received;
        relayedPackets += _counters.RelayedPackets;
        relayedBytes += _counters.RelayedBytes;
        dropped += _counters.Dropped;
    }

    private static IEnumerable<PortableSocket> Sockets(RelayStream stream)
    {
        yield return (PortableSocket)stream.RtpSocket;
        if (stream.RtcpSocket is PortableSocket rtcp)
        {
            yield return rtcp;
        }
    }

    private void StartReceiver(PortableSocket socket)
    {
        var receiver = ReceiveLoopAsync(socket, _stopping.Token);
        _receivers.Add(receiver);
        receiver.ContinueWith(
            static (task, state) =>
            {
                var backend = (PortableBackend)state!;
                lock (backend._lock)
                {
                    backend._receivers.Remove(task);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task ReceiveLoopAsync(PortableSocket socket, CancellationToken cancellationToken)
    {
        await Task.Yield();
        int bufferSize = Engine.Options.ReceiveBufferSize;

        // One byte more than allowed so an oversize datagram is recognisable on every OS, plus room for a transform to grow it.
        var buffer = GC.AllocateUninitializedArray<byte>(bufferSize + RelayEngine.TransformHeadroom, pinned: true);
        var family = socket.Socket.AddressFamily;
        var source = new SocketAddress(family);
        var template = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!socket.IsClosed && !cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.Socket.ReceiveFromAsync(buffer.AsMemory(0, bufferSize + 1), SocketFlags.None, source, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException || socket.IsClosed)
            {
                return;
            }
            catch (SocketException exception)
            {
                _counters.AddReceived(1);
                PacketRouter.Drop(socket.Stream, _counters, exception.SocketErrorCode == SocketError.MessageSize ? DropReason.Oversize : DropReason.Error);
                continue;
            }

            _counters.AddReceived(1);
            if (length > bufferSize)
            {
                PacketRouter.Drop(socket.Stream, _counters, DropReason.Oversize);
                continue;
            }

            var packetSource = new ManagedPacketSource(source, template);
            long now = _time.GetTimestamp();
            if (!PacketRouter.TryRoute(socket, packetSource, buffer, ref length, now, Engine.IsForwarding(now), _counters, out var target, out var destination))
            {
                continue;
            }

            if (!Engine.IsForwarding(_time.GetTimestamp()))
            {
                PacketRouter.Drop(socket.Stream, _counters, DropReason.Fenced);
                continue;
            }

            try
            {
                await ((PortableSocket)target!).Socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, destination!.SocketAddress, cancellationToken).ConfigureAwait(false);
                socket.Stream.CounterSet.AddRelayed(1, length);
                _counters.AddRelayed(1, length);
            }
            catch (Exception exception) when (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                PacketRouter.Drop(socket.Stream, _counters, exception is ObjectDisposedException ? DropReason.NoPeer : DropReason.Error);
                Engine.Logger.LogDebug(exception, "Relaying from port {Port} failed", socket.Port);
            }
        }
    }
}
