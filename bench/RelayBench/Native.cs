using System.Runtime.InteropServices;

namespace RtcOnAws.Bench.Relay;

/// <summary>The few libc calls the load generator needs; blittable so sending and receiving allocate nothing.</summary>
internal static unsafe partial class Native
{
    public const int AF_INET = 2;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SO_RCVBUF = 8;
    public const int SO_SNDBUF = 7;
    public const int MSG_DONTWAIT = 0x40;
    public const uint EPOLLIN = 1;
    public const int EPOLL_CTL_ADD = 1;
    public const int SC_CLK_TCK = 2;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int fd, byte* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockname(int fd, byte* address, int* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint sendto(int fd, byte* buffer, nint length, int flags, byte* address, int addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int recvmmsg(int fd, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int max, int timeout);

    [LibraryImport("libc")]
    public static partial int close(int fd);

    [LibraryImport("libc")]
    public static partial long sysconf(int name);

    public const int SIGTERM = 15;

    [LibraryImport("libc")]
    public static partial int kill(int pid, int signal);

    /// <summary><c>struct epoll_event</c> size: packed on x86-64.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int EpollDataOffset = EpollEventSize == 12 ? 4 : 8;

    /// <summary>Writes a <c>sockaddr_in</c> for 127.0.0.1:<paramref name="port"/>.</summary>
    public static void WriteLoopback(byte* sockaddr, int port)
    {
        new Span<byte>(sockaddr, 16).Clear();
        *(ushort*)sockaddr = AF_INET;
        sockaddr[2] = (byte)(port >> 8);
        sockaddr[3] = (byte)port;
        sockaddr[4] = 127;
        sockaddr[7] = 1;
    }
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public byte* Base;
    public nuint Length;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MultiMessageHeader
{
    public byte* Name;
    public uint NameLength;
    public IoVector* Vectors;
    public nuint VectorCount;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
    private readonly int _msghdrPadding;
    public uint Length;
}
