using System.Buffers.Binary;
using System.Runtime.InteropServices;
using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.MediaNode.Relay.Kernel.Netlink;

/// <summary>
/// A netlink socket (<c>NETLINK_NETFILTER</c> for nf_tables batches and dumps, <c>NETLINK_ROUTE</c> for address
/// dumps). The socket belongs to the network namespace of the thread that opened it. Not thread-safe: callers serialise.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    private const int ReceiveBufferBytes = 1 << 20;
    private const int MessageHeaderSize = 16;
    private const ushort NlmsgError = 2;
    private const ushort NlmsgDone = 3;
    private const ushort FlagMulti = 2;

    private readonly int _fd;
    private int _disposed;
    private readonly byte* _buffer;
    private uint _sequence;

    private NetlinkSocket(int fd)
    {
        _fd = fd;
        _buffer = (byte*)NativeMemory.Alloc(ReceiveBufferBytes);
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>Opens and binds a socket of <paramref name="protocol"/>; throws <see cref="NetlinkException"/> when the kernel refuses.</summary>
    public static NetlinkSocket Open(int protocol)
    {
        int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            throw new NetlinkException($"Opening a netlink socket (protocol {protocol}) failed", Marshal.GetLastPInvokeError());
        }

        var address = stackalloc byte[12];
        new Span<byte>(address, 12).Clear();
        *(ushort*)address = LibC.AF_NETLINK;
        int one = 1;
        int buffer = ReceiveBufferBytes;
        var timeout = stackalloc long[2] { 2, 0 };
        if (LibC.bind(fd, address, 12) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            LibC.close(fd);
            throw new NetlinkException("Binding the netlink socket failed", errno);
        }

        // Errors echo only the failing message's header, and a batch of thousands of elements fits the buffer.
        LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, &one, sizeof(int));
        if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, &buffer, sizeof(int)) != 0)
        {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, &buffer, sizeof(int));
        }

        // A dump never blocks the control plane for long, even if the kernel stops answering.
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, (void*)timeout, 16);
        return new NetlinkSocket(fd);
    }

    /// <summary>The next message sequence number.</summary>
    public uint NextSequence() => ++_sequence;

    /// <summary>
    /// Sends a batch and collects the kernel's answers. nfnetlink processes a batch synchronously inside
    /// <c>send</c>, so every answer is queued by the time it returns; the first error fails the whole batch (the
    /// kernel has then applied none of it).
    /// </summary>
    public void Transact(ReadOnlySpan<byte> batch, string what)
    {
        SendAll(batch, what);
        int firstError = 0;
        while (true)
        {
            nint received = LibC.recv(_fd, _buffer, ReceiveBufferBytes, LibC.MSG_DONTWAIT);
            if (received < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR)
                {
                    continue;
                }

                if (errno == LibC.EAGAIN)
                {
                    break;
                }

                throw new NetlinkException($"{what}: reading the acknowledgement failed", errno);
            }

            var data = new ReadOnlySpan<byte>(_buffer, (int)received);
            while (data.Length >= MessageHeaderSize)
            {
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
                if (length < MessageHeaderSize || length > data.Length)
                {
                    break;
                }

                if (type == NlmsgError && firstError == 0)
                {
                    firstError = -BinaryPrimitives.ReadInt32LittleEndian(data[MessageHeaderSize..]);
                }

                data = data[Align(length)..];
            }
        }

        if (firstError != 0)
        {
            throw new NetlinkException(what, firstError);
        }
    }

    /// <summary>
    /// Sends a dump request and hands each answer (after its <c>nlmsghdr</c>) to <paramref name="onMessage"/> until the
    /// kernel says it is done.
    /// </summary>
    public void Dump(ReadOnlySpan<byte> request, string what, NetlinkMessageHandler onMessage)
    {
        SendAll(request, what);
        while (true)
        {
            nint received = LibC.recv(_fd, _buffer, ReceiveBufferBytes, 0);
            if (received < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR)
                {
                    continue;
                }

                throw new NetlinkException($"{what}: reading the dump failed", errno);
            }

            var data = new ReadOnlySpan<byte>(_buffer, (int)received);
            while (data.Length >= MessageHeaderSize)
            {
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
                if (length < MessageHeaderSize || length > data.Length)
                {
                    throw new NetlinkException($"{what}: malformed answer", 0);
                }

                if (type == NlmsgDone)
                {
                    return;
                }

                if (type == NlmsgError)
                {
                    int errno = -BinaryPrimitives.ReadInt32LittleEndian(data[MessageHeaderSize..]);
                    if (errno != 0)
                    {
                        throw new NetlinkException(what, errno);
                    }

                    return;
                }

                onMessage(type, data[MessageHeaderSize..length]);
                if ((flags & FlagMulti) == 0)
                {
                    return;
                }

                data = data[Align(length)..];
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        LibC.close(_fd);
        NativeMemory.Free(_buffer);
    }

    internal static int Align(int length) => (length + 3) & ~3;

    private void SendAll(ReadOnlySpan<byte> message, string what)
    {
        fixed (byte* bytes = message)
        {
            while (true)
            {
                nint sent = LibC.send(_fd, bytes, (nuint)message.Length, 0);
                if (sent >= 0)
                {
                    return;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR)
                {
                    throw new NetlinkException($"{what}: sending failed", errno);
                }
            }
        }
    }
}

/// <summary>Receives one answer of a dump: its message type and its body (family header, then attributes).</summary>
internal delegate void NetlinkMessageHandler(ushort type, ReadOnlySpan<byte> body);
