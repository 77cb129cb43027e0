using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// Adds or removes an address on an interface with one rtnetlink request (what <c>ip addr replace/del</c> does), in
/// process: starting <c>ip</c> costs 10-30 ms of the takeover on a busy machine.
/// </summary>
public static partial class NetlinkAddress
{
    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int NetlinkRoute = 0;
    private const ushort RtmNewAddress = 20;
    private const ushort RtmDeleteAddress = 21;
    private const ushort NlmsgError = 2;
    private const ushort FlagRequest = 0x1;
    private const ushort FlagAck = 0x4;
    private const ushort FlagReplace = 0x100;
    private const ushort FlagCreate = 0x400;
    private const ushort IfaAddress = 1;
    private const ushort IfaLocal = 2;

    /// <summary>Adds (or keeps) <paramref name="address"/>/<paramref name="prefixLength"/> on <paramref name="device"/>.</summary>
    public static void Replace(string device, IPAddress address, int prefixLength) =>
        Request(RtmNewAddress, (ushort)(FlagRequest | FlagAck | FlagCreate | FlagReplace), device, address, prefixLength, ignoreMissing: false);

    /// <summary>Removes the address; no error when it is not there.</summary>
    public static void Delete(string device, IPAddress address, int prefixLength) =>
        Request(RtmDeleteAddress, (ushort)(FlagRequest | FlagAck), device, address, prefixLength, ignoreMissing: true);

    private static void Request(ushort type, ushort flags, string device, IPAddress address, int prefixLength, bool ignoreMissing)
    {
        ArgumentNullException.ThrowIfNull(address);
        // if_nametoindex asks the kernel in the calling thread's network namespace (/sys shows the mount's namespace).
        var ifIndex = (int)IfNameToIndex(device);
        if (ifIndex == 0)
        {
            throw new InvalidOperationException($"no network device {device}: errno {Marshal.GetLastPInvokeError()}");
        }

        var family = address.AddressFamily == AddressFamily.InterNetwork ? (byte)2 : (byte)10;
        var addressLength = family == 2 ? 4 : 16;
        var attributeLength = 4 + addressLength;
        var length = 16 + 8 + (2 * attributeLength);
        Span<byte> message = stackalloc byte[length];
        message.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(message, length);
        BinaryPrimitives.WriteUInt16LittleEndian(message[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(message[6..], flags);
        BinaryPrimitives.WriteInt32LittleEndian(message[8..], 1);
        message[16] = family;
        message[17] = (byte)prefixLength;
        BinaryPrimitives.WriteInt32LittleEndian(message[20..], ifIndex);
        var offset = 24;
        foreach (var attribute in new[] { IfaLocal, IfaAddress })
        {
            BinaryPrimitives.WriteUInt16LittleEndian(message[offset..], (ushort)attributeLength);
            BinaryPrimitives.WriteUInt16LittleEndian(message[(offset + 2)..], attribute);
            address.TryWriteBytes(message[(offset + 4)..], out _);
            offset += attributeLength;
        }

        var fd = Socket(AfNetlink, SockRaw, NetlinkRoute);
        if (fd < 0)
        {
            throw new InvalidOperationException($"netlink socket failed: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            Span<byte> kernel = stackalloc byte[12];
            kernel.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(kernel, AfNetlink);
            if (SendTo(fd, ref MemoryMarshal.GetReference(message), length, 0, ref MemoryMarshal.GetReference(kernel), kernel.Length) != length)
            {
                throw new InvalidOperationException($"netlink send failed: errno {Marshal.GetLastPInvokeError()}");
            }

            Span<byte> reply = stackalloc byte[1024];
            var received = Receive(fd, ref MemoryMarshal.GetReference(reply), reply.Length, 0);
            if (received < 20 || BinaryPrimitives.ReadUInt16LittleEndian(reply[4..]) != NlmsgError)
            {
                throw new InvalidOperationException("netlink gave no acknowledgement");
            }

            var error = -BinaryPrimitives.ReadInt32LittleEndian(reply[16..]);
            const int noSuchAddress = 99;
            if (error != 0 && !(ignoreMissing && error == noSuchAddress))
            {
                throw new InvalidOperationException($"netlink {(type == RtmNewAddress ? "add" : "delete")} of {address}/{prefixLength} on {device} failed: errno {error}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, ref byte buffer, nint length, int flags, ref byte address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Receive(int fd, ref byte buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
