using System.Net;
using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Relay.Tests;

/// <summary>A real UDP endpoint on loopback playing a user agent (or a stranger) in the tests.</summary>
internal sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _receiveBuffer = new byte[65536];

    public UdpPeer(int port = 0)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
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

    /// <summary>True when nothing arrives within <paramref name="quiet"/>.</summary>
    public bool StaysQuiet(TimeSpan quiet) => Receive(quiet) is null;

    public void Dispose() => _socket.Dispose();
}
