using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// The source address of a received datagram as each backend sees it. Implemented by structs so the learning logic is
/// specialised per backend by the JIT (no boxing, no virtual calls).
/// </summary>
internal interface IPacketSource
{
    bool Matches(MediaEndpoint endpoint);

    bool MatchesAddress(MediaEndpoint endpoint);

    bool MatchesPort(MediaEndpoint endpoint);

    /// <summary>Materialises the source as an endpoint; allocates, so only called when something is learned.</summary>
    MediaEndpoint ToEndpoint();
}

/// <summary>A source address in a native <c>sockaddr</c> filled in by <c>recvmmsg</c> (epoll backend).</summary>
internal readonly unsafe struct NativePacketSource(byte* sockaddr) : IPacketSource
{
    public bool Matches(MediaEndpoint endpoint) => endpoint.Matches(sockaddr);

    public bool MatchesAddress(MediaEndpoint endpoint) => endpoint.MatchesAddress(sockaddr);

    public bool MatchesPort(MediaEndpoint endpoint) => endpoint.MatchesPort(sockaddr);

    public MediaEndpoint ToEndpoint() => MediaEndpoint.FromNative(sockaddr);
}

/// <summary>A source address in a .NET <see cref="SocketAddress"/> (portable backend).</summary>
internal readonly struct ManagedPacketSource(SocketAddress address, IPEndPoint template) : IPacketSource
{
    public bool Matches(MediaEndpoint endpoint) => endpoint.SocketAddress.Equals(address);

    public bool MatchesAddress(MediaEndpoint endpoint) => ToIPEndPoint().Address.Equals(endpoint.EndPoint.Address);

    public bool MatchesPort(MediaEndpoint endpoint) => ToIPEndPoint().Port == endpoint.Port;

    public MediaEndpoint ToEndpoint() => new(ToIPEndPoint());

    private IPEndPoint ToIPEndPoint() => (IPEndPoint)template.Create(address);
}
