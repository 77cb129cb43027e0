using System.Diagnostics;
using System.Runtime.InteropServices;
using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Plays both user agents of every call: one UDP socket per stream (callers on one address, callees on another) holds
/// the stream's port and receives what the relay forwards to it. The stream's 172-byte RTP packets (G.711, 20 ms) go
/// out from that address and port either as prebuilt frames, many streams' packets per system call
/// (<see cref="UdpFrameSender"/>, the relay benchmark's way: the generator's own send path is then cheap), or one
/// <c>sendto</c> per packet on the stream's socket (where frames cannot be injected: sources on 127.0.0.1 would need
/// <c>route_localnet</c> on the host's loopback). Paced sender threads, each with its own calls (round-robin over their
/// streams, so each gets the same rate; a due-packet check every 100 µs, all packets due then in one batch of at most
/// 64), and one receiver
/// thread that blocks in <c>epoll_wait</c> and drains with <c>recvmmsg</c>. Each packet carries its send time
/// (real-time clock, read just before the batch's <c>sendmmsg</c> or the packet's <c>sendto</c>);
/// the receiver takes two latencies from it: to the kernel's receive timestamp (<c>SO_TIMESTAMPNS</c>: when the packet
/// reached the receiving host's network stack, before the receiver wakes) and to the receiver thread having it (wake-up
/// included). Raw libc calls on native buffers keep the generator cheap and identical whichever relay is under test.
/// Every run is bounded in packets and time.
/// </summary>
internal sealed unsafe class LoadGenerator : IDisposable
{
    public const int PacketSize = 172;
    private const int ReceiveBatch = 16;
    private const int SendTimeOffset = 12;
    private const int ControlSize = 64;
    private const uint PacingMicros = 100;

    private readonly int[] _fds;
    private readonly System.Net.IPAddress _callerAddress;
    private readonly System.Net.IPAddress _calleeAddress;
    private readonly UdpFrameSender? _frames;
    private readonly byte* _destinations;
    private readonly byte* _packet;
    private readonly ushort[] _sequences;
    private readonly int _senderThreads;
    private readonly LatencyHistogram _arrival = new();
    private readonly LatencyHistogram _application = new();
    private long _sent;
    private long _sendErrors;
    private long _received;
    private volatile bool _stopReceiving;

    /// <param name="streams">Sockets; even ones are callers, odd ones callees.</param>
    /// <param name="callerAddress">Where caller sockets bind.</param>
    /// <param name="calleeAddress">Where callee sockets bind.</param>
    /// <param name="frames">
    /// Send prebuilt frames in batches (<see cref="UdpFrameSender"/>; needs CAP_NET_RAW, and for a destination in this
    /// namespace <c>accept_local</c> on <c>lo</c>) instead of one <c>sendto</c> per packet.
    /// </param>
    /// <param name="senderThreads">Sender threads, each with its own calls (frames only: a socket-per-packet sender keeps one).</param>
    public LoadGenerator(int streams, System.Net.IPAddress callerAddress, System.Net.IPAddress calleeAddress, bool frames = false, int senderThreads = 1)
    {
        _fds = new int[streams];
        _sequences = new ushort[streams];
        Ports = new int[streams];
        _callerAddress = callerAddress;
        _calleeAddress = calleeAddress;
        _senderThreads = frames ? Math.Max(1, senderThreads) : 1;
        _frames = frames ? new UdpFrameSender(streams, PacketSize, _senderThreads) : null;
        _packet = (byte*)NativeMemory.AllocZeroed(PacketSize);
        _packet[0] = 0x80;
        _destinations = (byte*)NativeMemory.AllocZeroed((nuint)(streams * 16));
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
            int on = 1;
            LibC.setsockopt(fd, LibC.SOL_SOCKET, Native.SO_TIMESTAMPNS, &on, sizeof(int));
            Native.WriteAddress(address, Source(i), 0);
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
    public void SetDestination(int index, System.Net.IPAddress relay, int relayPort)
    {
        Native.WriteAddress(_destinations + (index * 16), relay, relayPort);
        _frames?.SetStream(index, Source(index), Ports[index], relay, relayPort);
    }

    /// <summary>Forgets the latencies seen so far (call at the start of a measuring window).</summary>
    public void ResetLatency()
    {
        _arrival.Reset();
        _application.Reset();
    }

    /// <summary>
    /// The <paramref name="percentile"/> (0-100) of send-to-arrival latency since <see cref="ResetLatency"/>, in µs: from
    /// the send time to the kernel's receive timestamp at the receiving host; NaN if nothing arrived.
    /// </summary>
    public double ArrivalLatencyPercentileMicros(double percentile) => _arrival.PercentileMicros(percentile);

    /// <summary>
    /// The <paramref name="percentile"/> (0-100) of send-to-application latency since <see cref="ResetLatency"/>, in µs:
    /// until the receiver thread has the packet, its wake-up and any wait for a core included; NaN if nothing arrived.
    /// </summary>
    public double ApplicationLatencyPercentileMicros(double percentile) => _application.PercentileMicros(percentile);

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
    /// <paramref name="callersOnly"/> only the even (caller) streams send: the callees only receive. With more than one
    /// sender thread, each sends its own calls' streams at its share of the rate.
    /// </summary>
    public void Send(double packetsPerSecond, long until, long maxPackets, bool callersOnly = false)
    {
        int calls = _fds.Length / 2;
        int lanes = Math.Max(1, Math.Min(_senderThreads, calls));
        var others = new Thread[lanes - 1];
        for (int lane = 1; lane < lanes; lane++)
        {
            int own = lane;
            others[lane - 1] = new Thread(() => SendLane(own, lanes, calls, packetsPerSecond, until, maxPackets, callersOnly)) { IsBackground = true, Name = "load-sender" };
            others[lane - 1].Start();
        }

        SendLane(0, lanes, calls, packetsPerSecond, until, maxPackets, callersOnly);
        foreach (var other in others)
        {
            other.Join();
        }
    }

    public void Dispose()
    {
        foreach (int fd in _fds)
        {
            LibC.close(fd);
        }

        _frames?.Dispose();
        NativeMemory.Free(_destinations);
        NativeMemory.Free(_packet);
    }

    /// <summary>One sender thread's share: the streams of calls [lane·calls/lanes, (lane+1)·calls/lanes), round-robin, paced.</summary>
    private void SendLane(int lane, int lanes, int calls, double packetsPerSecond, long until, long maxPackets, bool callersOnly)
    {
        int step = callersOnly ? 2 : 1;
        int first = 2 * (lane * calls / lanes);
        int end = 2 * ((lane + 1) * calls / lanes);
        double rate = packetsPerSecond / lanes;
        long limit = (maxPackets + lanes - 1) / lanes;
        // A 100 µs sleep means 100 µs only without the default 50 µs timer slack.
        Native.prctl(Native.PR_SET_TIMERSLACK, 1, 0, 0, 0);
        long start = Stopwatch.GetTimestamp();
        long sentHere = 0;
        int index = first;
        Span<int> batch = stackalloc int[UdpFrameSender.MaxBatch];
        while (sentHere < limit)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= until)
            {
                return;
            }

            long due = rate <= 0
                ? sentHere + UdpFrameSender.MaxBatch
                : (long)((now - start) * rate / Stopwatch.Frequency);
            if (due <= sentHere)
            {
                Native.usleep(PacingMicros);
                continue;
            }

            // One batch at most per check keeps the shared counter fresh even when the sender lags behind its schedule.
            int count = (int)Math.Min(Math.Min(due - sentHere, UdpFrameSender.MaxBatch), limit - sentHere);
            for (int i = 0; i < count; i++)
            {
                batch[i] = index;
                index = index + step >= end ? first : index + step;
            }

            int taken = _frames is not null
                ? _frames.Send(lane, batch[..count], _sequences, Native.RealTimeNanoseconds(), SendTimeOffset)
                : SendEach(batch[..count]);
            if (taken < count)
            {
                Interlocked.Add(ref _sendErrors, count - taken);
            }

            sentHere += count;
            Interlocked.Add(ref _sent, count);
        }
    }

    /// <summary>One <c>sendto</c> per packet on its stream's socket, the send time read just before each; returns how many the kernel took.</summary>
    private int SendEach(ReadOnlySpan<int> streams)
    {
        int taken = 0;
        for (int i = 0; i < streams.Length; i++)
        {
            int stream = streams[i];
            ushort sequence = _sequences[stream]++;
            _packet[2] = (byte)(sequence >> 8);
            _packet[3] = (byte)sequence;
            *(long*)(_packet + SendTimeOffset) = Native.RealTimeNanoseconds();
            if (LibC.sendto(_fds[stream], _packet, PacketSize, LibC.MSG_DONTWAIT, _destinations + (stream * 16), 16) >= 0)
            {
                taken++;
            }
        }

        return taken;
    }

    private System.Net.IPAddress Source(int index) => index % 2 == 0 ? _callerAddress : _calleeAddress;

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
        byte* controls = (byte*)NativeMemory.AllocZeroed((nuint)(ReceiveBatch * ControlSize));
        for (int i = 0; i < ReceiveBatch; i++)
        {
            vectors[i].Base = buffers + (i * 2048);
            vectors[i].Length = 2048;
            headers[i].Vectors = &vectors[i];
            headers[i].VectorCount = 1;
            headers[i].Control = controls + (i * ControlSize);
        }

        try
        {
            while (!_stopReceiving)
            {
                // Block: a polling receiver would burn a core the relay needs. Its wake-up delays only the application
                // latency; the arrival latency is the kernel's timestamp, taken before anyone wakes.
                int count = LibC.epoll_wait(epfd, events, maxEvents, 100);
                if (count <= 0)
                {
                    continue;
                }

                long got = 0;
                for (int e = 0; e < count; e++)
                {
                    int index = (int)EpollEvent.ReadData(events + (e * EpollEvent.Size));
                    for (int m = 0; m < ReceiveBatch; m++)
                    {
                        headers[m].ControlLength = ControlSize;
                    }

                    int n = LibC.recvmmsg(_fds[index], headers, ReceiveBatch, LibC.MSG_DONTWAIT, null);
                    if (n <= 0)
                    {
                        continue;
                    }

                    got += n;
                    long now = Native.RealTimeNanoseconds();
                    for (int m = 0; m < n; m++)
                    {
                        long sendTime = *(long*)(buffers + (m * 2048) + SendTimeOffset);
                        _application.Add(now - sendTime);
                        if (KernelReceiveTime(headers[m]) is long arrival and > 0)
                        {
                            _arrival.Add(arrival - sendTime);
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
            NativeMemory.Free(controls);
        }
    }

    /// <summary>The <c>SCM_TIMESTAMPNS</c> control message's time in ns (<c>CLOCK_REALTIME</c>), or 0 when there is none.</summary>
    private static long KernelReceiveTime(in MultiMessageHeader header)
    {
        // struct cmsghdr { size_t len; int level; int type; } then the data, 8-byte aligned (64-bit).
        byte* control = (byte*)header.Control;
        nuint offset = 0;
        while (offset + 16 <= header.ControlLength)
        {
            nuint length = *(nuint*)(control + offset);
            if (length < 16)
            {
                return 0;
            }

            if (*(int*)(control + offset + 8) == LibC.SOL_SOCKET && *(int*)(control + offset + 12) == Native.SO_TIMESTAMPNS)
            {
                long* timespec = (long*)(control + offset + 16);
                return (timespec[0] * 1_000_000_000) + timespec[1];
            }

            offset += (length + 7) & ~(nuint)7;
        }

        return 0;
    }
}
