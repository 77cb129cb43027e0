using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// What the benchmark needs from libc beyond the relay's own bindings (<see cref="LibC"/>): CPU clock ticks for
/// process CPU time, a signal to stop the relay under test, sub-millisecond sleeps for pacing, IPv4 socket addresses,
/// packet sockets for the load generator's batched sends, and the real-time clock its kernel receive timestamps use.
/// </summary>
internal static unsafe partial class Native
{
    public const int SC_CLK_TCK = 2;

    /// <summary>Packet sockets: whole frames handed to a device, no UDP/IP send path.</summary>
    public const int AF_PACKET = 17;

    public const int SOL_PACKET = 263;

    /// <summary>Frames go straight to the device's transmit function (no qdisc).</summary>
    public const int PACKET_QDISC_BYPASS = 20;

    /// <summary>Raises the send buffer above <c>wmem_max</c> (root).</summary>
    public const int SO_SNDBUFFORCE = 32;

    /// <summary>A <c>CLOCK_REALTIME</c> receive timestamp (<c>struct timespec</c>) with every datagram; also the control message's type.</summary>
    public const int SO_TIMESTAMPNS = 35;

    /// <summary>The clock of the kernel's receive timestamps.</summary>
    public const int CLOCK_REALTIME = 0;

    public const int SIGTERM = 15;

    /// <summary><c>prctl</c> option: the calling thread's timer slack in nanoseconds (default 50 µs).</summary>
    public const int PR_SET_TIMERSLACK = 29;

    [System.Runtime.InteropServices.LibraryImport("libc")]
    public static partial long sysconf(int name);

    [System.Runtime.InteropServices.LibraryImport("libc")]
    public static partial int kill(int pid, int signal);

    [System.Runtime.InteropServices.LibraryImport("libc")]
    public static partial int usleep(uint microseconds);

    [System.Runtime.InteropServices.LibraryImport("libc")]
    [System.Runtime.InteropServices.SuppressGCTransition]
    private static partial int clock_gettime(int clock, long* timespec);

    [System.Runtime.InteropServices.LibraryImport("libc")]
    public static partial int prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    /// <summary>Writes a <c>sockaddr_in</c> for <paramref name="address"/>:<paramref name="port"/> (IPv4).</summary>
    public static void WriteAddress(byte* sockaddr, System.Net.IPAddress address, int port)
    {
        new Span<byte>(sockaddr, 16).Clear();
        *(ushort*)sockaddr = LibC.AF_INET;
        sockaddr[2] = (byte)(port >> 8);
        sockaddr[3] = (byte)port;
        address.TryWriteBytes(new Span<byte>(sockaddr + 4, 4), out _);
    }

    /// <summary><c>CLOCK_REALTIME</c> in nanoseconds: the clock of <c>SO_TIMESTAMPNS</c>, so send and kernel receive times compare.</summary>
    public static long RealTimeNanoseconds()
    {
        long* timespec = stackalloc long[2];
        clock_gettime(CLOCK_REALTIME, timespec);
        return (timespec[0] * 1_000_000_000) + timespec[1];
    }
}
