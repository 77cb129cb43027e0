using System.Net;
using System.Runtime.InteropServices;
using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.Bench.Relay;

/// <summary>
/// Sends every stream's UDP datagrams as prebuilt Ethernet/IPv4/UDP frames on one <c>AF_PACKET</c> socket with
/// <c>PACKET_QDISC_BYPASS</c>, many streams' packets per <c>sendmmsg</c>: no socket lookup, route lookup or UDP/IP
/// output per packet, and one system call per batch instead of one per packet. Each frame carries its stream's own
/// source address and port (the port its UDP socket holds), so a relay sees exactly what that socket would have sent and
/// learns the same source. The IPv4 header is fixed per stream; the UDP checksum is completed per packet, because the
/// sequence number and the send time in the payload change. Each sender thread sends through a lane of its own
/// (its own batch buffers) on the shared socket.
/// </summary>
internal sealed unsafe class UdpFrameSender : IDisposable
{
    public const int MaxBatch = 64;

    private const int EthernetLength = 14;
    private const int IpLength = 20;
    private const int UdpLength = 8;
    private const int PayloadOffset = EthernetLength + IpLength + UdpLength;
    private const int LinkAddressLength = 20;
    private const int ENOBUFS = 105;

    private readonly int _fd;
    private readonly int _payloadLength;
    private readonly int _frameLength;
    private readonly byte* _templates;
    private readonly byte* _linkAddresses;
    private readonly uint* _partialSums;
    private readonly byte* _slots;
    private readonly MultiMessageHeader* _headers;
    private readonly IoVector* _vectors;
    private readonly Dictionary<(IPAddress, IPAddress), LinkTarget> _targets = [];

    /// <param name="streams">Streams, each with its own frame.</param>
    /// <param name="payloadLength">UDP payload bytes per packet.</param>
    /// <param name="lanes">Threads that send at the same time, one lane each.</param>
    public UdpFrameSender(int streams, int payloadLength, int lanes)
    {
        _payloadLength = payloadLength;
        _frameLength = PayloadOffset + payloadLength;
        _fd = LibC.socket(Native.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        if (_fd < 0)
        {
            throw new InvalidOperationException($"AF_PACKET socket() failed: errno {Marshal.GetLastPInvokeError()} (needs CAP_NET_RAW).");
        }

        int on = 1;
        LibC.setsockopt(_fd, Native.SOL_PACKET, Native.PACKET_QDISC_BYPASS, &on, sizeof(int));
        int buffer = 8 << 20;
        if (LibC.setsockopt(_fd, LibC.SOL_SOCKET, Native.SO_SNDBUFFORCE, &buffer, sizeof(int)) != 0)
        {
            LibC.setsockopt(_fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, &buffer, sizeof(int));
        }

        _templates = (byte*)NativeMemory.AllocZeroed((nuint)(streams * _frameLength));
        _linkAddresses = (byte*)NativeMemory.AllocZeroed((nuint)(streams * LinkAddressLength));
        _partialSums = (uint*)NativeMemory.AllocZeroed((nuint)(streams * sizeof(uint)));
        int slots = MaxBatch * lanes;
        _slots = (byte*)NativeMemory.AllocZeroed((nuint)(slots * _frameLength));
        _headers = (MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(slots * sizeof(MultiMessageHeader)));
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(slots * sizeof(IoVector)));
        for (int i = 0; i < slots; i++)
        {
            _vectors[i].Base = _slots + (i * _frameLength);
            _vectors[i].Length = (nuint)_frameLength;
            _headers[i].Vectors = &_vectors[i];
            _headers[i].VectorCount = 1;
            _headers[i].NameLength = LinkAddressLength;
        }
    }

    /// <summary>Builds stream <paramref name="index"/>'s frame: from <paramref name="source"/>:<paramref name="sourcePort"/> to <paramref name="destination"/>:<paramref name="destinationPort"/>, RTP version 2 in the payload.</summary>
    public void SetStream(int index, IPAddress source, int sourcePort, IPAddress destination, int destinationPort)
    {
        if (!_targets.TryGetValue((source, destination), out var target))
        {
            target = LinkTarget.Resolve(source, destination);
            _targets[(source, destination)] = target;
        }

        byte* link = _linkAddresses + (index * LinkAddressLength);
        new Span<byte>(link, LinkAddressLength).Clear();
        *(ushort*)link = Native.AF_PACKET;
        *(int*)(link + 4) = target.InterfaceIndex;
        link[11] = 6;
        target.DestinationMac.CopyTo(new Span<byte>(link + 12, 6));

        byte* frame = _templates + (index * _frameLength);
        var bytes = new Span<byte>(frame, _frameLength);
        bytes.Clear();
        target.DestinationMac.CopyTo(bytes);
        target.SourceMac.CopyTo(bytes[6..]);
        bytes[12] = 0x08;
        byte* ip = frame + EthernetLength;
        ip[0] = 0x45;
        WriteBigEndian(ip + 2, IpLength + UdpLength + _payloadLength);
        ip[6] = 0x40; // don't fragment, as Linux sends UDP
        ip[8] = 64;
        ip[9] = (byte)LibC.IPPROTO_UDP;
        source.TryWriteBytes(new Span<byte>(ip + 12, 4), out _);
        destination.TryWriteBytes(new Span<byte>(ip + 16, 4), out _);
        *(ushort*)(ip + 10) = Fold(Sum(ip, IpLength));
        byte* udp = ip + IpLength;
        WriteBigEndian(udp, sourcePort);
        WriteBigEndian(udp + 2, destinationPort);
        WriteBigEndian(udp + 4, UdpLength + _payloadLength);
        udp[UdpLength] = 0x80;

        // The pseudo header (addresses, protocol, length) and every fixed byte: per packet only the changed words are added.
        byte* pseudo = stackalloc byte[12];
        new Span<byte>(ip + 12, 8).CopyTo(new Span<byte>(pseudo, 8));
        pseudo[8] = 0;
        pseudo[9] = (byte)LibC.IPPROTO_UDP;
        WriteBigEndian(pseudo + 10, UdpLength + _payloadLength);
        _partialSums[index] = Sum(pseudo, 12) + Sum(udp, UdpLength + _payloadLength);
    }

    /// <summary>
    /// Sends one packet of each stream in <paramref name="streams"/> (at most <see cref="MaxBatch"/>) in one
    /// <c>sendmmsg</c> (more when the device drops a frame): each stream's next RTP sequence number from
    /// <paramref name="sequences"/> (a real stream counts up by one per packet, so SRTP's rollover counter moves as it
    /// would in a call), <paramref name="sendTime"/> (real-time
    /// clock, ns) at <paramref name="sendTimeOffset"/> of the payload, through the calling thread's
    /// <paramref name="lane"/>. Returns how many frames were offered: handed to the device, whether or not the receiving
    /// host's input queue had room (a drop there is the receiver's loss, not a packet the generator failed to send).
    /// </summary>
    public int Send(int lane, ReadOnlySpan<int> streams, ushort[] sequences, long sendTime, int sendTimeOffset)
    {
        int first = lane * MaxBatch;
        for (int i = 0; i < streams.Length; i++)
        {
            int stream = streams[i];
            byte* slot = _slots + ((first + i) * _frameLength);
            Buffer.MemoryCopy(_templates + (stream * _frameLength), slot, _frameLength, _frameLength);
            byte* payload = slot + PayloadOffset;
            WriteBigEndian(payload + 2, sequences[stream]++);
            *(long*)(payload + sendTimeOffset) = sendTime;
            // The words that changed from the template (all zero there): sequence number and send time.
            uint sum = _partialSums[stream] + *(ushort*)(payload + 2) + Sum(payload + sendTimeOffset, sizeof(long));
            ushort checksum = Fold(sum);
            *(ushort*)(slot + EthernetLength + IpLength + 6) = checksum == 0 ? (ushort)0xFFFF : checksum;
            _headers[first + i].Name = _linkAddresses + (stream * LinkAddressLength);
        }

        int done = 0;
        while (done < streams.Length)
        {
            int sent = LibC.sendmmsg(_fd, _headers + first + done, (uint)(streams.Length - done), LibC.MSG_DONTWAIT);
            if (sent > 0)
            {
                done += sent;
            }
            else if (Marshal.GetLastPInvokeError() == ENOBUFS)
            {
                // The device refused this frame: the receiving host's input queue (the veth peer's backlog) was full.
                // It was offered and is lost there, as a UDP socket's send would have lost it silently; go on with the
                // rest. (sendmmsg reports an error after a partial batch on the next call, for the frame it stopped at.)
                done++;
            }
            else
            {
                // This socket's own buffer is full (EAGAIN): the generator could not send the rest.
                break;
            }
        }

        return done;
    }

    public void Dispose()
    {
        LibC.close(_fd);
        NativeMemory.Free(_templates);
        NativeMemory.Free(_linkAddresses);
        NativeMemory.Free(_partialSums);
        NativeMemory.Free(_slots);
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
    }

    /// <summary>One's complement sum of <paramref name="length"/> bytes as 16-bit words in memory order (RFC 1071: the order does not matter if the result is stored the same way).</summary>
    private static uint Sum(byte* data, int length)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += *(ushort*)(data + i);
        }

        if (i < length)
        {
            sum += BitConverter.IsLittleEndian ? data[i] : (uint)(data[i] << 8);
        }

        return sum;
    }

    private static ushort Fold(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static void WriteBigEndian(byte* destination, int value)
    {
        destination[0] = (byte)(value >> 8);
        destination[1] = (byte)value;
    }
}
