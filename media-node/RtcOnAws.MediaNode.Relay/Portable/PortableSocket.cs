using System.Net.Sockets;

namespace RtcOnAws.MediaNode.Relay.Portable;

/// <summary>A relay socket backed by a .NET <see cref="System.Net.Sockets.Socket"/> (portable backend).</summary>
internal sealed class PortableSocket(Socket socket, int port, EndpointLearner learner) : RelaySocket(port, learner)
{
    public Socket Socket { get; } = socket;

    public override void CloseHandle() => Socket.Dispose();

    public override bool SendControl(ReadOnlySpan<byte> datagram, MediaEndpoint destination)
    {
        if (IsClosed)
        {
            return false;
        }

        try
        {
            return Socket.SendTo(datagram, SocketFlags.None, destination.EndPoint) == datagram.Length;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
