using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// Announces that an IPv4 address now lives at this interface's MAC: one gratuitous ARP request (what
/// <c>arping -U</c> sends) and one gratuitous ARP reply (<c>arping -A</c>), broadcast from a packet socket. Done in
/// process because starting arping costs several milliseconds of the takeover.
/// </summary>
public static partial class GratuitousArp
{
    private const int AfPacket = 17;
    private const int SockRaw = 3;
    private const ushort EthernetTypeArp = 0x0806;
    private const int FrameLength = 42;
    private static readonly Lock SocketGate = new();
    private static int _socket = -1;

    /// <summary>
    /// Does everything <see cref="Send"/> does except sending (reads the device, builds the frames, opens the packet
    /// socket), so the first real takeover pays no first-call costs.
    /// </summary>
    public static void Prepare(string device, IPAddress address) => Announce(device, address, send: false);

    /// <summary>Sends the announcements on <paramref name="device"/>; throws when the device or the socket is unusable.</summary>
    public static void Send(string device, IPAddress address) => Announce(device, address, send: true);

    private static void Announce(string device, IPAddress address, bool send)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("gratuitous ARP is IPv4 only", nameof(address));
        }

        var mac = Convert.FromHexString(File.ReadAllText($"/sys/class/net/{device}/address").Trim().Replace(":", string.Empty, StringComparison.Ordinal));
        var ifIndex = int.Parse(File.ReadAllText($"/sys/class/net/{device}/ifindex").Trim(), CultureInfo.InvariantCulture);
        if (mac.Length != 6)
        {
            throw new InvalidOperationException($"{device} has no Ethernet address");
        }

        var fd = SendSocket();
        Span<byte> target = stackalloc byte[20];
        BinaryPrimitives.WriteUInt16LittleEndian(target, AfPacket);
        BinaryPrimitives.WriteUInt16BigEndian(target[2..], EthernetTypeArp);
        BinaryPrimitives.WriteInt32LittleEndian(target[4..], ifIndex);
        target[11] = 6;
        target.Slice(12, 6).Fill(0xFF);
        Span<byte> frame = stackalloc byte[FrameLength];
        foreach (var operation in new ushort[] { 1, 2 })
        {
            Build(frame, mac, address, operation);
            if (send && SendTo(fd, ref MemoryMarshal.GetReference(frame), FrameLength, 0, ref MemoryMarshal.GetReference(target), target.Length) != FrameLength)
            {
                throw new InvalidOperationException($"sending gratuitous ARP on {device} failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    /// <summary>
    /// One send-only packet socket (protocol 0, so it receives nothing) kept for the process lifetime: closing a
    /// packet socket waits for an RCU grace period — milliseconds, more on a busy host — which must not fall inside a
    /// takeover.
    /// </summary>
    private static int SendSocket()
    {
        lock (SocketGate)
        {
            if (_socket < 0)
            {
                _socket = Socket(AfPacket, SockRaw, 0);
                if (_socket < 0)
                {
                    throw new InvalidOperationException($"packet socket failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }

            return _socket;
        }
    }

    private static void Build(Span<byte> frame, byte[] mac, IPAddress address, ushort operation)
    {
        frame[..6].Fill(0xFF);
        mac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EthernetTypeArp);
        BinaryPrimitives.WriteUInt16BigEndian(frame[14..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(frame[16..], 0x0800);
        frame[18] = 6;
        frame[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame[20..], operation);
        mac.CopyTo(frame[22..]);
        address.TryWriteBytes(frame[28..], out _);

        // Request: target hardware unknown (zeros); reply: broadcast. Both name our address as sender and target.
        frame.Slice(32, 6).Fill(operation == 1 ? (byte)0x00 : (byte)0xFF);
        address.TryWriteBytes(frame[38..], out _);
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, ref byte buffer, nint length, int flags, ref byte address, int addressLength);

}
