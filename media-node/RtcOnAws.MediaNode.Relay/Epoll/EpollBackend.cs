using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.MediaNode.Relay.Epoll;

/// <summary>
/// Linux backend: raw non-blocking UDP sockets created through libc and sharded round-robin (by stream, so both
/// sockets of a stream share a loop) across <see cref="EpollLoop"/>s, one thread each.
/// </summary>
internal sealed class EpollBackend : PacketBackend
{
    private readonly EpollLoop[] _loops;
    private readonly Lock _placementLock = new();
    private int _nextLoop = -1;
    private int _nextPairLoop = -1;
    private bool _started;

    public EpollBackend(RelayEngine engine)
        : base(engine)
    {
        var options = engine.Options;
        _loops = new EpollLoop[options.LoopCount];
        for (int i = 0; i < _loops.Length; i++)
        {
            _loops[i] = new EpollLoop(this, i, options.BatchSize, options.ReceiveBufferSize);
        }
    }

    public new RelayEngine Engine => base.Engine;

    public SocketTable Table { get; } = new();

    public override long LoopAllocatedBytes
    {
        get
        {
            long total = 0;
            foreach (var loop in _loops)
            {
                total += loop.AllocatedBytes;
            }

            return total;
        }
    }

    public override unsafe RelaySocket? TryBind(IPAddress address, int port, bool freeBind)
    {
        bool ipv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        int fd = LibC.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, LibC.IPPROTO_UDP);
        if (fd < 0)
        {
            throw BindFailed(address, port, freeBind, $"socket() errno {Marshal.GetLastPInvokeError()}");
        }

        int errno = Configure(fd, ipv6, freeBind);
        if (errno == 0)
        {
            byte* sockaddr = stackalloc byte[MediaEndpoint.NativeSize];
            uint length = new MediaEndpoint(new IPEndPoint(address, port)).WriteNative(sockaddr);
            if (LibC.bind(fd, sockaddr, (int)length) == 0)
            {
                return new EpollSocket(fd, port, InitialLearner());
            }

            errno = Marshal.GetLastPInvokeError();
        }

        LibC.close(fd);
        return errno switch
        {
            LibC.EADDRINUSE => null,
            LibC.EADDRNOTAVAIL => throw BindFailed(address, port, freeBind, "EADDRNOTAVAIL (address not on any interface)"),
            _ => throw BindFailed(address, port, freeBind, $"errno {errno}"),
        };
    }

    /// <summary>
    /// Grows the socket table and the process's descriptor table once, to what the pool can ever need (capped by
    /// RLIMIT_NOFILE). The descriptor table grows by duplicating a descriptor to a high number and closing it again:
    /// the kernel grows it by doubling, and in a process with several threads every growth first waits for an RCU
    /// grace period; binding 20,000 sockets otherwise pays about seven of those waits in the middle of the restore.
    /// The table never shrinks, so this costs one wait, here.
    /// </summary>
    public override unsafe void ReserveDescriptors(int sockets)
    {
        const int AlreadyOpenAllowance = 1024;
        ResourceLimit limit;
        if (sockets <= 0 || LibC.getrlimit(LibC.RLIMIT_NOFILE, &limit) != 0)
        {
            return;
        }

        Table.Reserve((int)Math.Min(limit.Current, (ulong)sockets));

        long highest = Math.Min((long)Math.Min(limit.Current, int.MaxValue) - 1, (long)sockets + AlreadyOpenAllowance);
        int probe = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, LibC.IPPROTO_UDP);
        if (probe < 0)
        {
            return;
        }

        // F_DUPFD takes the lowest free descriptor at or above the number, so it never replaces an open one (dup2 would).
        int high = LibC.fcntl(probe, LibC.F_DUPFD_CLOEXEC, (int)highest);
        if (high >= 0)
        {
            LibC.close(high);
        }

        LibC.close(probe);
    }

    public override void Register(RelayStream stream)
    {
        var loop = _loops[(uint)Interlocked.Increment(ref _nextLoop) % (uint)_loops.Length];
        AddToLoop((EpollSocket)stream.RtpSocket, loop);
        if (stream.RtcpSocket is EpollSocket rtcp)
        {
            AddToLoop(rtcp, loop);
        }
    }

    /// <summary>
    /// Moves a newly peered pair onto one loop (round-robin per pair, so calls stay balanced): each packet is then
    /// received and sent on the same core. A move is epoll_ctl DEL on the old loop and ADD on the new one; ADD reports
    /// data already queued, so nothing is lost, and a batch the old loop is still finishing is harmless.
    /// </summary>
    public override void Colocate(RelayStream stream, RelayStream peer)
    {
        if (_loops.Length == 1)
        {
            return;
        }

        lock (_placementLock)
        {
            var rtp = (EpollSocket)stream.RtpSocket;
            var peerRtp = (EpollSocket)peer.RtpSocket;
            if (ReferenceEquals(rtp.Loop, peerRtp.Loop) || rtp.IsClosed || peerRtp.IsClosed)
            {
                return;
            }

            var loop = _loops[(uint)Interlocked.Increment(ref _nextPairLoop) % (uint)_loops.Length];
            MoveTo(stream, loop);
            MoveTo(peer, loop);
        }
    }

    public override void Close(RelayStream stream)
    {
        var rtp = (EpollSocket)stream.RtpSocket;
        var rtcp = (EpollSocket?)stream.RtcpSocket;
        lock (_placementLock)
        {
            // Under the placement lock so a concurrent Colocate never moves a descriptor that is about to close.
            rtp.MarkClosed();
            rtcp?.MarkClosed();
        }

        // Any loop may be sending through these sockets (they are some peer's outgoing sockets), so wait for all.
        foreach (var loop in _loops)
        {
            loop.WaitUntilQuiescent();
        }

        Release(rtp);
        if (rtcp is not null)
        {
            Release(rtcp);
        }
    }

    public override void CloseUnregistered(RelaySocket socket) => socket.CloseHandle();

    public override void Start()
    {
        _started = true;
        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    public override async Task StopAsync()
    {
        if (_started)
        {
            foreach (var loop in _loops)
            {
                await loop.StopAsync().ConfigureAwait(false);
            }
        }

        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
    }

    public override void AddCountersTo(ref long received, ref long relayedPackets, ref long relayedBytes, ref DropCounts dropped)
    {
        foreach (var loop in _loops)
        {
            received += loop.Counters.Received;
            relayedPackets += loop.Counters.RelayedPackets;
            relayedBytes += loop.Counters.RelayedBytes;
            dropped += loop.Counters.Dropped;
        }
    }

    private static unsafe int SetOption(int fd, int level, int name, int value) =>
        LibC.setsockopt(fd, level, name, &value, sizeof(int)) == 0 ? 0 : Marshal.GetLastPInvokeError();

    private int Configure(int fd, bool ipv6, bool freeBind)
    {
        // No SO_REUSEADDR (a new socket starts without it, so no call is spent clearing it): a port that is still
        // bound must fail with EADDRINUSE so it is never handed out twice.
        int errno = ipv6 ? SetOption(fd, LibC.SOL_IPV6, LibC.IPV6_V6ONLY, 1) : 0;

        if (errno == 0 && freeBind)
        {
            errno = ipv6 ? SetOption(fd, LibC.SOL_IPV6, LibC.IPV6_FREEBIND, 1) : SetOption(fd, LibC.SOL_IP, LibC.IP_FREEBIND, 1);
        }

        int receiveBuffer = Engine.Options.SocketReceiveBufferBytes;
        if (errno == 0 && receiveBuffer > 0)
        {
            errno = SetOption(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, receiveBuffer);
        }

        return errno;
    }

    private void AddToLoop(EpollSocket socket, EpollLoop loop)
    {
        socket.Loop = loop;
        loop.Add(socket.Fd, Table.Add(socket));
    }

    private static void MoveTo(RelayStream stream, EpollLoop loop)
    {
        MoveTo((EpollSocket)stream.RtpSocket, loop);
        if (stream.RtcpSocket is EpollSocket rtcp)
        {
            MoveTo(rtcp, loop);
        }
    }

    private static void MoveTo(EpollSocket socket, EpollLoop loop)
    {
        var current = socket.Loop;
        if (current is null || ReferenceEquals(current, loop))
        {
            return;
        }

        current.Remove(socket.Fd);
        socket.Loop = loop;
        loop.Add(socket.Fd, socket.Token);
    }

    private void Release(EpollSocket socket)
    {
        if (socket.Loop is not null)
        {
            Table.Remove(socket);
        }

        socket.CloseHandle();
    }
}
