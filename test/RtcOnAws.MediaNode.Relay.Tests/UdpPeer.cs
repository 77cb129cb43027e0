using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Relay.Tests;

/// <summary>A real UDP endpoint on loopback playing a user agent (or a stranger) in the tests.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _receiveBuffer = new byte[65536];

    public UdpPeer(int port = 0)
        : this(new IPEndPoint(IPAddress.Loopback, port))
    {
    }

    /// <summary>Binds to <paramref name="bindTo"/> (in the network namespace of the calling thread).</summary>
    public UdpPeer(IPEndPoint bindTo)
    {
        _socket.Bind(bindTo);
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    public Socket Socket => _socket;

    public void Send(byte[] payload, IPEndPoint to) => _socket.SendTo(payload, to);

    public void Send(byte[] payload, int port) => Send(payload, new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>Receives one datagram or returns null after <paramref name="timeout"/>.</summary>
    public (byte[] Payload, IPEndPoint From)? Receive(TimeSpan timeout)
    {
        if (!_socket.Poll(timeout, SelectMode.SelectRead))
        {
            return null;
        }

        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        int length = _socket.ReceiveFrom(_receiveBuffer, ref from);
        return (_receiveBuffer.AsSpan(0, length).ToArray(), (IPEndPoint)from);
    }

    /// <summary>Receives one datagram or fails the test.</summary>
    public (byte[] Payload, IPEndPoint From) ReceiveOrFail()
        => Receive(TimeSpan.FromSeconds(5)) ?? throw new TimeoutException($"Nothing arrived at {EndPoint} within 5 s.");

    /// <summary>
    /// Proves that nothing was delivered here before <paramref name="marker"/>: <paramref name="sendMarker"/> sends a
    /// datagram along a path that ends here, and the next datagram to arrive must be that one. Call it once the relay
    /// has decided about the datagrams under test (their drop is counted), so no wall-clock window is involved.
    /// </summary>
    public void AssertNextIs(byte[] marker, Action sendMarker, string because)
    {
        sendMarker();
        Assert.True(marker.AsSpan().SequenceEqual(ReceiveOrFail().Payload), because);
    }

    /// <summary>True when no datagram is waiting in the socket right now.</summary>
    public bool IsEmpty => _socket.Available == 0;

    public void Dispose() => _socket.Dispose();
}
