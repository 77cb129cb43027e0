using System.Diagnostics;
using System.Runtime.InteropServices;
using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Plays both user agents of every call: one UDP socket per stream (callers on one address, callees on another) that
/// sends 172-byte RTP (G.711, 20 ms) to its relay port and receives what the relay forwards to it. Each packet carries
/// its send time, so the receiver measures the path's latency (the relay plus the generator's own socket path, which
/// the direct baseline measures alone). One paced sender thread (round-robin over the sockets, so each stream gets the
/// same rate; a due-packet check every 100 µs, so bursts stay short) and one receiver thread that blocks in
/// <c>epoll_wait</c> and drains with <c>recvmmsg</c>, so a packet's latency includes the wake-up a real receiver pays
/// and no polling interval. Raw libc calls on native buffers keep the generator cheap and its cost identical whichever
/// relay is under test. Every run is bounded in packets and time.
/// </summary>
internal sealed unsafe class LoadGenerator : IDisposable
{
    public const int PacketSize = 172;
    private const int ReceiveBatch = 16;
    private const int TimestampOffset = 12;
    private const int LatencyBuckets = 100_000;
    private const uint PacingMicros = 100;

    private readonly int[] _fds;
    private readonly long[] _latencyMicros = new long[LatencyBuckets + 1];
    private readonly byte* _destinations;
    private readonly byte* _packet;
    private long _sent;
    private long _sendErrors;
    private long _received;
    private volatile bool _stopReceiving;

    /// <param name="streams">Sockets; even ones are callers, odd ones callees.</param>
    /// <param name="callerAddress">Where caller sockets bind.</param>
    /// <param name="calleeAddress">Where callee sockets bind.</param>
    public LoadGenerator(int streams, System.Net.IPAddress callerAddress, System.Net.IPAddress calleeAddress)
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
            Native.WriteAddress(address, i % 2 == 0 ? callerAddress : calleeAddress, 0);
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

    /// <summary>Sets where stream <paramref name="index"/> sends: the relay address and port facing that user agent.</summary>
    public void SetDestination(int index, System.Net.IPAddress relay, int relayPort) => Native.WriteAddress(_destinations + (index * 16), relay, relayPort);

    /// <summary>Forgets the latencies seen so far (call at the start of a measuring window).</summary>
    public void ResetLatency()
    {
        for (int i = 0; i < _latencyMicros.Length; i++)
        {
            Interlocked.Exchange(ref _latencyMicros[i], 0);
        }
    }

    /// <summary>The <paramref name="percentile"/> (0-100) of send-to-receive latency since <see cref="ResetLatency"/>, in µs; NaN if nothing arrived.</summary>
    public double LatencyPercentileMicros(double percentile)
    {
        long total = 0;
        for (int i = 0; i < _latencyMicros.Length; i++)
        {
            total += Volatile.Read(ref _latencyMicros[i]);
        }

        if (total == 0)
        {
            return double.NaN;
        }

        long rank = (long)Math.Ceiling(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < _latencyMicros.Length; i++)
        {
            seen += Volatile.Read(ref _latencyMicros[i]);
            if (seen >= rank)
            {
                return i;
            }
        }

        return LatencyBuckets;
    }

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
        // A 100 µs sleep means 100 µs only without the default 50 µs timer slack.
        Native.prctl(Native.PR_SET_TIMERSLACK, 1, 0, 0, 0);
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
                Native.usleep(PacingMicros);
                continue;
            }

            // Small bursts keep the shared counter fresh even when the sender lags behind its schedule.
            due = Math.Min(due, sentHere + 64);
            while (sentHere < due && sentHere < maxPackets)
            {
                *(ushort*)(_packet + 2) = (ushort)sentHere;
                *(long*)(_packet + TimestampOffset) = Stopwatch.GetTimestamp();
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
                // Block: a polling receiver would add its polling interval to every packet's latency. The wake-up is
                // paid by whoever delivers the packet (the relay's sendto on loopback, softirq on the veth); the direct
                // baseline pays the same wake-ups, so the baseline subtraction removes them from the relay's cost.
                int count = LibC.epoll_wait(epfd, events, maxEvents, 100);
                if (count <= 0)
                {
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
                        long now = Stopwatch.GetTimestamp();
                        for (int m = 0; m < n; m++)
                        {
                            long micros = (now - *(long*)(buffers + (m * 2048) + TimestampOffset)) * 1_000_000 / Stopwatch.Frequency;
                            _latencyMicros[Math.Clamp(micros, 0, LatencyBuckets)]++;
                        }
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
