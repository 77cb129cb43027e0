using System.Diagnostics;
using System.Runtime.InteropServices;
using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Plays both user agents of every call: one UDP socket per stream on 127.0.0.1 that sends 172-byte RTP (G.711, 20 ms)
/// to its relay port and receives what the relay forwards to it. One paced sender thread (round-robin over the
/// sockets, so each stream gets the same rate) and one receiver thread (epoll + recvmmsg). Raw libc calls on native
/// buffers keep the generator cheap and its cost identical whichever relay is under test. Every run is bounded in
/// packets and time.
/// </summary>
internal sealed unsafe class LoadGenerator : IDisposable
{
    public const int PacketSize = 172;
    private const int ReceiveBatch = 16;

    private readonly int[] _fds;
    private readonly byte* _destinations;
    private readonly byte* _packet;
    private long _sent;
    private long _sendErrors;
    private long _received;
    private volatile bool _stopReceiving;

    public LoadGenerator(int streams)
    {
        _fds = new int[streams];
        Ports = new int[streams];
        _destinations = (byte*)NativeMemory.AllocZeroed((nuint)(streams * 16));
        _packet = (byte*)NativeMemory.AllocZeroed(PacketSize);
        _packet[0] = 0x80;
        byte* address = stackalloc byte[16];
        for (int i = 0; i < streams; i++)
        {
            int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                throw new InvalidOperationException($"socket() failed: errno {Marshal.GetLastPInvokeError()} (raise ulimit -n?)");
            }

            int buffer = 1 << 20;
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, &buffer, sizeof(int));
            Native.WriteLoopback(address, 0);
            if (LibC.bind(fd, address, 16) != 0)
            {
                throw new InvalidOperationException($"bind() failed: errno {Marshal.GetLastPInvokeError()}");
            }

            int length = 16;
            LibC.getsockname(fd, address, &length);
            _fds[i] = fd;
            Ports[i] = (address[2] << 8) | address[3];
        }
    }

    /// <summary>The local port of each stream's user agent (its SDP port).</summary>
    public int[] Ports { get; }

    public long Sent => Volatile.Read(ref _sent);

    public long SendErrors => Volatile.Read(ref _sendErrors);

    public long Received => Volatile.Read(ref _received);

    /// <summary>Sets where stream <paramref name="index"/> sends: the relay port facing that user agent.</summary>
    public void SetDestination(int index, int relayPort) => Native.WriteLoopback(_destinations + (index * 16), relayPort);

    /// <summary>Starts the receiver thread; it runs until <see cref="StopReceiving"/>.</summary>
    public Thread StartReceiving()
    {
        var thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "load-receiver" };
        thread.Start();
        return thread;
    }

    public void StopReceiving() => _stopReceiving = true;

    /// <summary>
    /// Sends at <paramref name="packetsPerSecond"/> in total (0 = as fast as possible) until <paramref name="until"/>
    /// (a Stopwatch timestamp) or <paramref name="maxPackets"/>, whichever comes first. With
    /// <paramref name="callersOnly"/> only the even (caller) streams send: the callees only receive.
    /// </summary>
    public void Send(double packetsPerSecond, long until, long maxPackets, bool callersOnly = false)
    {
        int step = callersOnly ? 2 : 1;
        long start = Stopwatch.GetTimestamp();
        long baseSent = Sent;
        long sentHere = 0;
        int index = 0;
        int streams = _fds.Length;
        while (sentHere < maxPackets)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= until)
            {
                return;
            }

            long due = packetsPerSecond <= 0
                ? sentHere + streams
                : (long)((now - start) * packetsPerSecond / Stopwatch.Frequency);
            if (due <= sentHere)
            {
                Thread.Sleep(1);
                continue;
            }

            // Small bursts keep the shared counter fresh even when the sender lags behind its schedule.
            due = Math.Min(due, sentHere + 64);
            while (sentHere < due && sentHere < maxPackets)
            {
                *(ushort*)(_packet + 2) = (ushort)sentHere;
                if (LibC.sendto(_fds[index], _packet, PacketSize, LibC.MSG_DONTWAIT, _destinations + (index * 16), 16) < 0)
                {
                    Interlocked.Increment(ref _sendErrors);
                }

                index = index + step >= streams ? 0 : index + step;
                sentHere++;
            }

            Volatile.Write(ref _sent, baseSent + sentHere);
        }
    }

    public void Dispose()
    {
        foreach (int fd in _fds)
        {
            LibC.close(fd);
        }

        NativeMemory.Free(_destinations);
        NativeMemory.Free(_packet);
    }

    private void ReceiveLoop()
    {
        int epfd = LibC.epoll_create1(0);
        byte* ev = stackalloc byte[16];
        for (int i = 0; i < _fds.Length; i++)
        {
            EpollEvent.Write(ev, LibC.EPOLLIN, (ulong)i);
            LibC.epoll_ctl(epfd, LibC.EPOLL_CTL_ADD, _fds[i], ev);
        }

        const int maxEvents = 256;
        byte* events = (byte*)NativeMemory.Alloc((nuint)(maxEvents * EpollEvent.Size));
        var headers = (MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(ReceiveBatch * sizeof(MultiMessageHeader)));
        var vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(ReceiveBatch * sizeof(IoVector)));
        byte* buffers = (byte*)NativeMemory.Alloc((nuint)(ReceiveBatch * 2048));
        for (int i = 0; i < ReceiveBatch; i++)
        {
            vectors[i].Base = buffers + (i * 2048);
            vectors[i].Length = 2048;
            headers[i].Vectors = &vectors[i];
            headers[i].VectorCount = 1;
        }

        try
        {
            while (!_stopReceiving)
            {
                // Poll, never block: a receiver sleeping in epoll_wait would be woken by every relayed packet, and on
                // loopback that wake-up is paid by the relay's sendto (on a real network the far end's host pays it).
                int count = LibC.epoll_wait(epfd, events, maxEvents, 0);
                if (count == 0)
                {
                    Thread.Sleep(1);
                    continue;
                }

                long got = 0;
                for (int e = 0; e < count; e++)
                {
                    int index = (int)EpollEvent.ReadData(events + (e * EpollEvent.Size));
                    int n = LibC.recvmmsg(_fds[index], headers, ReceiveBatch, LibC.MSG_DONTWAIT, null);
                    if (n > 0)
                    {
                        got += n;
                    }
                }

                if (got > 0)
                {
                    Interlocked.Add(ref _received, got);
                }
            }
        }
        finally
        {
            LibC.close(epfd);
            NativeMemory.Free(events);
            NativeMemory.Free(headers);
            NativeMemory.Free(vectors);
            NativeMemory.Free(buffers);
        }
    }
}
