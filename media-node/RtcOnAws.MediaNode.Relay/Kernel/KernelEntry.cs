using System.Buffers.Binary;
using System.Net;

namespace RtcOnAws.MediaNode.Relay.Kernel;

/// <summary>
/// One stream direction forwarded by the kernel: packets from <see cref="Source"/> to our <see cref="Local"/> socket
/// leave from <see cref="OutLocal"/> to <see cref="Destination"/>. <see cref="Mark"/> ties the prerouting rewrite to
/// the postrouting one. IPv4 only. Value equality, so a changed endpoint is a different entry.
/// </summary>
internal readonly record struct KernelEntry(
    bool Rtcp,
    IPEndPoint Source,
    IPEndPoint Local,
    uint Mark,
    IPEndPoint Destination,
    IPEndPoint OutLocal)
{
    /// <summary>Key of the incoming map: source address . source port . local address . local port, 4-byte aligned.</summary>
    public void WriteKey(Span<byte> key)
    {
        WriteAddress(Source, key);
        WritePort(Source, key[4..]);
        WriteAddress(Local, key[8..]);
        WritePort(Local, key[12..]);
    }

    /// <summary>Data of the incoming map: mark (host byte order, as <c>meta mark</c> holds it) . destination address . destination port.</summary>
    public void WriteData(Span<byte> data)
    {
        BitConverter.TryWriteBytes(data, Mark);
        WriteAddress(Destination, data[4..]);
        WritePort(Destination, data[8..]);
    }

    public void WriteMarkKey(Span<byte> key) => BitConverter.TryWriteBytes(key, Mark);

    /// <summary>Data of the outgoing map: our address . our port the packet leaves from.</summary>
    public void WriteOutData(Span<byte> data)
    {
        WriteAddress(OutLocal, data);
        WritePort(OutLocal, data[4..]);
    }

    /// <summary>Reads the local address and port back from an incoming-map key (for counters).</summary>
    public static (uint Address, ushort Port) ReadLocal(ReadOnlySpan<byte> key) =>
        (BitConverter.ToUInt32(key[8..]), BinaryPrimitives.ReadUInt16BigEndian(key[12..]));

    public static uint AddressBits(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BitConverter.ToUInt32(bytes);
    }

    private static void WriteAddress(IPEndPoint endPoint, Span<byte> target) => endPoint.Address.TryWriteBytes(target[..4], out _);

    private static void WritePort(IPEndPoint endPoint, Span<byte> target)
    {
        BinaryPrimitives.WriteUInt16BigEndian(target, (ushort)endPoint.Port);
        target[2] = 0;
        target[3] = 0;
    }
}
