using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.MediaNode.Relay.Epoll;

/// <summary>
/// One event loop: a dedicated thread blocked in <c>epoll_wait</c> on its share of the sockets (edge-triggered, so
/// epoll never re-polls a socket that was already drained). For each readable socket it takes up to a batch of
/// datagrams with one <c>recvmmsg</c>, routes them, and sends them with one <c>sendto</c>/<c>sendmmsg</c> per
/// outgoing socket — in place, from the same native buffers, without allocating.
/// The loop owns all its native memory; nothing is shared with other loops except read-only socket state.
/// </summary>
[SkipLocalsInit]
internal sealed unsafe class EpollLoop : IDisposable
{
    private const int MaxEvents = 256;

    /// <summary>Batches taken from one socket per wake-up before others get their turn (a flooded socket cannot starve the loop).</summary>
    private const int MaxBatchesPerTurn = 4;

    private readonly EpollBackend _backend;
    private readonly TimeProvider _time;
    private readonly int _batch;
    private readonly int _bufferSize;
    private readonly int _epollFd;
    private readonly int _wakeFd;
    private readonly byte* _events;
    private readonly MultiMessageHeader* _receiveHeaders;
    private readonly IoVector* _receiveVectors;
    private readonly byte* _receiveBuffers;
    private readonly byte* _receiveNames;
    private readonly MultiMessageHeader* _sendHeaders;
    private readonly IoVector* _sendVectors;
    private readonly byte* _sendNames;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EpollSocket?[] _backlog = new EpollSocket?[256];
    private EpollSocket?[] _backlogSpare = new EpollSocket?[256];
    private int _backlogCount;
    private volatile bool _stopping;
    private int _busy;
    private long _epoch;
    private long _allocatedBytes;

    public EpollLoop(EpollBackend backend, int index, int batch, int bufferSize)
    {
        _backend = backend;
        _time = backend.Engine.Time;
        _batch = batch;
        _bufferSize = bufferSize;
        Counters = new EngineCounterSet();
        _epollFd = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (_epollFd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        _wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (_wakeFd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            LibC.close(_epollFd);
            throw new InvalidOperationException($"eventfd failed: errno {errno}.");
        }

        _events = Alloc(MaxEvents * EpollEvent.Size);
        _receiveHeaders = (MultiMessageHeader*)Alloc(batch * sizeof(MultiMessageHeader));
        _receiveVectors = (IoVector*)Alloc(batch * sizeof(IoVector));
        _receiveBuffers = Alloc(batch * (bufferSize + RelayEngine.TransformHeadroom));
        _receiveNames = Alloc(batch * MediaEndpoint.NativeSize);
        _sendHeaders = (MultiMessageHeader*)Alloc(batch * sizeof(MultiMessageHeader));
        _sendVectors = (IoVector*)Alloc(batch * sizeof(IoVector));
        _sendNames = Alloc(batch * MediaEndpoint.NativeSize);
        for (int i = 0; i < batch; i++)
        {
            _receiveVectors[i].Base = _receiveBuffers + (i * (bufferSize + RelayEngine.TransformHeadroom));
            _receiveHeaders[i].Vectors = &_receiveVectors[i];
            _receiveHeaders[i].VectorCount = 1;
            _receiveHeaders[i].Name = _receiveNames + (i * MediaEndpoint.NativeSize);
            _sendHeaders[i].Vectors = &_sendVectors[i];
            _sendHeaders[i].VectorCount = 1;
            _sendHeaders[i].Name = _sendNames + (i * MediaEndpoint.NativeSize);
        }

        Add(_wakeFd, SocketTable.WakeToken);
        _thread = new Thread(Run) { IsBackground = true, Name = $"relay-loop-{index}" };
    }

    public EngineCounterSet Counters { get; }

    public long AllocatedBytes => Volatile.Read(ref _allocatedBytes);

    public void Start() => _thread.Start();

    /// <summary>Registers a socket for readability; safe from any thread (epoll_ctl is).</summary>
    public void Add(int fd, ulong token)
    {
        byte* ev = stackalloc byte[16];
        EpollEvent.Write(ev, token == SocketTable.WakeToken ? LibC.EPOLLIN : LibC.EPOLLIN | LibC.EPOLLET, token);
        if (LibC.epoll_ctl(_epollFd, LibC.EPOLL_CTL_ADD, fd, ev) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl(ADD) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Stops watching a socket (it is moving to another loop); safe from any thread.</summary>
    public void Remove(int fd)
    {
        byte* ev = stackalloc byte[16];
        LibC.epoll_ctl(_epollFd, LibC.EPOLL_CTL_DEL, fd, ev);
    }

    /// <summary>
    /// Returns once this loop cannot be touching any socket that was marked closed before the call: it is either
    /// blocked in epoll_wait or has finished the batch it was in (each batch re-reads the closed flags).
    /// </summary>
    public void WaitUntilQuiescent()
    {
        if (Thread.CurrentThread == _thread || Volatile.Read(ref _busy) == 0)
        {
            return;
        }

        long epoch = Volatile.Read(ref _epoch);
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _busy) != 0 && Volatile.Read(ref _epoch) == epoch && !_stopped.Task.IsCompleted)
        {
            spinner.SpinOnce();
        }
    }

    public Task StopAsync()
    {
        _stopping = true;
        Wake();
        return _thread.IsAlive ? _stopped.Task : Task.CompletedTask;
    }

    public void Dispose()
    {
        LibC.close(_wakeFd);
        LibC.close(_epollFd);
        NativeMemory.Free(_events);
        NativeMemory.Free(_receiveHeaders);
        NativeMemory.Free(_receiveVectors);
        NativeMemory.Free(_receiveBuffers);
        NativeMemory.Free(_receiveNames);
        NativeMemory.Free(_sendHeaders);
        NativeMemory.Free(_sendVectors);
        NativeMemory.Free(_sendNames);
    }

    private static byte* Alloc(int bytes) => (byte*)NativeMemory.AllocZeroed((nuint)bytes);

    private void Wake()
    {
        ulong one = 1;
        LibC.write(_wakeFd, &one, sizeof(ulong));
    }

    private void Run()
    {
        long baseline = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            while (!_stopping)
            {
                int count = LibC.epoll_wait(_epollFd, _events, MaxEvents, _backlogCount > 0 ? 0 : -1);
                if (count < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EINTR)
                    {
                        continue;
                    }

                    _backend.Engine.Logger.LogCritical("epoll_wait failed with errno {Errno}; relay loop {Loop} stops", errno, _thread.Name);
                    return;
                }

                Interlocked.Exchange(ref _busy, 1);
                ProcessEvents(count);
                ProcessBacklog();
                Volatile.Write(ref _epoch, _epoch + 1);
                Interlocked.Exchange(ref _busy, 0);
                Volatile.Write(ref _allocatedBytes, GC.GetAllocatedBytesForCurrentThread() - baseline);
            }
        }
        catch (Exception exception)
        {
            _backend.Engine.Logger.LogCritical(exception, "Relay loop {Loop} crashed", _thread.Name);
        }
        finally
        {
            Interlocked.Exchange(ref _busy, 0);
            _stopped.TrySetResult();
        }
    }

    private void ProcessEvents(int count)
    {
        var table = _backend.Table;
        for (int i = 0; i < count; i++)
        {
            ulong token = EpollEvent.ReadData(_events + (i * EpollEvent.Size));
            if (token == SocketTable.WakeToken)
            {
                ulong value;
                LibC.read(_wakeFd, &value, sizeof(ulong));
                continue;
            }

            var socket = table.Find(token);
            if (socket is not null)
            {
                Drain(socket);
            }
        }
    }

    /// <summary>Sockets left with data after their turn; edge-triggered epoll will not report them again by itself.</summary>
    private void ProcessBacklog()
    {
        int count = _backlogCount;
        if (count == 0)
        {
            return;
        }

        var backlog = _backlog;
        _backlog = _backlogSpare;
        _backlogSpare = backlog;
        _backlogCount = 0;
        for (int i = 0; i < count; i++)
        {
            Drain(backlog[i]!);
            backlog[i] = null;
        }
    }

    private void Drain(EpollSocket socket)
    {
        for (int turn = 0; turn < MaxBatchesPerTurn; turn++)
        {
            if (socket.IsClosed || Relay(socket))
            {
                return;
            }
        }

        if (_backlogCount == _backlog.Length)
        {
            Array.Resize(ref _backlog, _backlog.Length * 2);
            Array.Resize(ref _backlogSpare, _backlog.Length);
        }

        _backlog[_backlogCount++] = socket;
    }

    /// <summary>Relays one batch; returns true when the socket is drained (fewer datagrams than a full batch, or none).</summary>
    private bool Relay(EpollSocket socket)
    {
        for (int i = 0; i < _batch; i++)
        {
            _receiveHeaders[i].NameLength = MediaEndpoint.NativeSize;
            _receiveVectors[i].Length = (nuint)_bufferSize;
            _receiveHeaders[i].Flags = 0;
        }

        int received = LibC.recvmmsg(socket.Fd, _receiveHeaders, (uint)_batch, LibC.MSG_DONTWAIT, null);
        var counters = Counters;
        if (received <= 0)
        {
            if (received < 0 && Marshal.GetLastPInvokeError() is not (LibC.EAGAIN or LibC.EINTR))
            {
                PacketRouter.Drop(socket.Stream, counters, DropReason.Error);
            }

            return true;
        }

        counters.AddReceived(received);
        long now = _time.GetTimestamp();
        bool forwarding = _backend.Engine.IsForwarding(now);
        EpollSocket? pendingTarget = null;
        int pending = 0;
        for (int i = 0; i < received; i++)
        {
            ref var header = ref _receiveHeaders[i];
            int length = (int)header.Length;
            if ((header.Flags & LibC.MSG_TRUNC) != 0)
            {
                PacketRouter.Drop(socket.Stream, counters, DropReason.Oversize);
                continue;
            }

            var source = new NativePacketSource(header.Name);
            var packet = new Span<byte>(_receiveVectors[i].Base, _bufferSize + RelayEngine.TransformHeadroom);
            if (!PacketRouter.TryRoute(socket, source, packet, ref length, now, forwarding, counters, out var target, out var destination))
            {
                continue;
            }

            var outgoing = (EpollSocket)target!;
            if (pending > 0 && !ReferenceEquals(outgoing, pendingTarget))
            {
                Flush(socket, pendingTarget!, pending);
                pending = 0;
            }

            pendingTarget = outgoing;
            ref var send = ref _sendHeaders[pending];
            send.NameLength = destination!.WriteNative(send.Name);
            _sendVectors[pending].Base = _receiveVectors[i].Base;
            _sendVectors[pending].Length = (nuint)length;
            pending++;
        }

        if (pending > 0)
        {
            Flush(socket, pendingTarget!, pending);
        }

        return received < _batch;
    }

    private void Flush(EpollSocket from, EpollSocket target, int count)
    {
        // Re-check the fence right before sending: the process may have been frozen since the batch was received.
        if (!_backend.Engine.IsForwarding(_time.GetTimestamp()))
        {
            PacketRouter.Drop(from.Stream, Counters, DropReason.Fenced, count);
            return;
        }

        // One datagram (the usual case at 50 packets/s per stream) is cheaper with sendto: no msghdr to copy in.
        int sent = count == 1
            ? (LibC.sendto(target.Fd, _sendVectors[0].Base, _sendVectors[0].Length, LibC.MSG_DONTWAIT, _sendHeaders[0].Name, _sendHeaders[0].NameLength) >= 0 ? 1 : -1)
            : LibC.sendmmsg(target.Fd, _sendHeaders, (uint)count, LibC.MSG_DONTWAIT);
        if (sent < 0)
        {
            sent = 0;
        }

        long bytes = 0;
        for (int i = 0; i < sent; i++)
        {
            bytes += (long)_sendVectors[i].Length;
        }

        if (sent > 0)
        {
            from.Stream.CounterSet.AddRelayed(sent, bytes);
            Counters.AddRelayed(sent, bytes);
        }

        if (sent < count)
        {
            PacketRouter.Drop(from.Stream, Counters, DropReason.Error, count - sent);
        }
    }
}
