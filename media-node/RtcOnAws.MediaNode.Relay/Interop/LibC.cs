using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode.Relay.Interop;

/// <summary>
/// Source-generated bindings to the Linux libc calls the epoll backend needs. Every signature is blittable
/// so a call marshals nothing and allocates nothing on the hot path.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int IPPROTO_UDP = 17;
    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int NETLINK_ROUTE = 0;
    public const int NETLINK_NETFILTER = 12;
    public const int SOL_NETLINK = 270;
    public const int NETLINK_CAP_ACK = 10;
    public const int SO_RCVTIMEO = 20;
    public const int SO_RCVBUFFORCE = 33;

    public const int SOL_SOCKET = 1;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SOL_IP = 0;
    public const int SOL_IPV6 = 41;
    public const int IP_FREEBIND = 15;
    public const int IPV6_V6ONLY = 26;
    public const int IPV6_FREEBIND = 78;

    public const int MSG_TRUNC = 0x20;
    public const int MSG_DONTWAIT = 0x40;

    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const uint EPOLLIN = 0x001;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLET = 0x80000000;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    public const int F_DUPFD_CLOEXEC = 1030;
    public const int RLIMIT_NOFILE = 7;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int bind(int fd, byte* address, int addressLength);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getsockname(int fd, byte* address, int* addressLength);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, int* value, int valueLength);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, int valueLength);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    /// <summary><c>fcntl(fd, cmd, int arg)</c>; the variadic argument is passed like a fixed one on x86-64 and arm64 Linux.</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getrlimit(int resource, ResourceLimit* limit);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int eventfd(uint initialValue, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, void* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, void* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int recvmmsg(int fd, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint sendto(int fd, byte* buffer, nuint length, int flags, byte* address, uint addressLength);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int sendmmsg(int fd, MultiMessageHeader* messages, uint count, int flags);
}

/// <summary>
/// <c>struct epoll_event</c> is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere,
/// so events are read through this layout helper instead of a fixed struct.
/// </summary>
internal static unsafe class EpollEvent
{
    public static readonly int Size = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int DataOffset = Size == 12 ? 4 : 8;

    public static void Write(byte* slot, uint events, ulong data)
    {
        *(uint*)slot = events;
        *(ulong*)(slot + DataOffset) = data;
    }

    public static uint ReadEvents(byte* slot) => *(uint*)slot;

    public static ulong ReadData(byte* slot) => *(ulong*)(slot + DataOffset);
}

/// <summary><c>struct rlimit</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ResourceLimit
{
    public ulong Current;
    public ulong Maximum;
}

/// <summary><c>struct iovec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public byte* Base;
    public nuint Length;
}

/// <summary><c>struct mmsghdr</c> (a <c>struct msghdr</c> plus the byte count the kernel fills in).</summary>
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
