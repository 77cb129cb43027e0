using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// An immutable remote endpoint in the two shapes the relay needs: an <see cref="IPEndPoint"/> for the control plane and
/// the raw fields of a Linux <c>sockaddr</c> so the epoll loop can compare and write it without allocating.
/// Swapped by reference, so readers on any thread always see a consistent endpoint.
/// </summary>
internal sealed class MediaEndpoint
{
    /// <summary>Size of the native scratch space for one address (<c>sockaddr_in6</c> is 28 bytes).</summary>
    public const int NativeSize = 32;

    private readonly ulong _addressHigh;
    private readonly ulong _addressLow;
    private readonly uint _scopeId;
    private SocketAddress? _socketAddress;

    public MediaEndpoint(IPEndPoint endPoint)
    {
        EndPoint = endPoint;
        Port = (ushort)endPoint.Port;
        IsIPv6 = endPoint.AddressFamily == AddressFamily.InterNetworkV6;
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out _);
        if (IsIPv6)
        {
            _addressHigh = BitConverter.ToUInt64(bytes[..8]);
            _addressLow = BitConverter.ToUInt64(bytes[8..]);
            _scopeId = (uint)endPoint.Address.ScopeId;
        }
        else
        {
            _addressLow = BitConverter.ToUInt32(bytes[..4]);
        }
    }

    public IPEndPoint EndPoint { get; }

    public bool IsIPv6 { get; }

    public ushort Port { get; }

    /// <summary>The endpoint as a .NET <see cref="SocketAddress"/> for the portable backend, created once on first use.</summary>
    public SocketAddress SocketAddress => _socketAddress ??= EndPoint.Serialize();

    /// <summary>Reads a Linux <c>sockaddr_in</c>/<c>sockaddr_in6</c>; only called when an endpoint is learned (rare).</summary>
    public static unsafe MediaEndpoint FromNative(byte* sockaddr)
    {
        ushort family = *(ushort*)sockaddr;
        int port = BinaryPrimitives.ReverseEndianness(*(ushort*)(sockaddr + 2));
        if (family == LibC.AF_INET6)
        {
            var address = new IPAddress(new ReadOnlySpan<byte>(sockaddr + 8, 16), *(uint*)(sockaddr + 24));
            return new MediaEndpoint(new IPEndPoint(address, port));
        }

        return new MediaEndpoint(new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(sockaddr + 4, 4)), port));
    }

    /// <summary>True when the native source address equals this endpoint (address and port).</summary>
    public unsafe bool Matches(byte* sockaddr) => MatchesAddress(sockaddr) && MatchesPort(sockaddr);

    public unsafe bool MatchesPort(byte* sockaddr) => BinaryPrimitives.ReverseEndianness(*(ushort*)(sockaddr + 2)) == Port;

    public unsafe bool MatchesAddress(byte* sockaddr)
    {
        ushort family = *(ushort*)sockaddr;
        if (IsIPv6)
        {
            return family == LibC.AF_INET6 && *(ulong*)(sockaddr + 8) == _addressHigh && *(ulong*)(sockaddr + 16) == _addressLow;
        }

        return family == LibC.AF_INET && *(uint*)(sockaddr + 4) == (uint)_addressLow;
    }

    /// <summary>Writes this endpoint as a native <c>sockaddr</c>; returns its length.</summary>
    public unsafe uint WriteNative(byte* sockaddr)
    {
        *(ushort*)(sockaddr + 2) = BinaryPrimitives.ReverseEndianness(Port);
        if (IsIPv6)
        {
            *(ushort*)sockaddr = LibC.AF_INET6;
            *(uint*)(sockaddr + 4) = 0;
            *(ulong*)(sockaddr + 8) = _addressHigh;
            *(ulong*)(sockaddr + 16) = _addressLow;
            *(uint*)(sockaddr + 24) = _scopeId;
            return 28;
        }

        *(ushort*)sockaddr = LibC.AF_INET;
        *(uint*)(sockaddr + 4) = (uint)_addressLow;
        *(ulong*)(sockaddr + 8) = 0;
        return 16;
    }

    public override string ToString() => EndPoint.ToString();
}
