using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// What the benchmark needs from libc beyond the relay's own bindings (<see cref="LibC"/>): CPU clock ticks for
/// process CPU time, a signal to stop the relay under test, sub-millisecond sleeps for pacing, and IPv4 socket addresses.
/// </summary>
internal static unsafe partial class Native
{
    public const int SC_CLK_TCK = 2;

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
}
