using RtcOnAws.MediaNode.Relay.Interop;

namespace RtcOnAws.MediaNode.Relay.Epoll;

/// <summary>A relay socket that is a raw non-blocking file descriptor registered with one <see cref="EpollLoop"/>.</summary>
internal sealed class EpollSocket(int fd, int port, EndpointLearner learner) : RelaySocket(port, learner)
{
    public int Fd { get; } = fd;

    /// <summary>Slot and generation in the backend's <see cref="SocketTable"/>; the epoll user data for this socket.</summary>
    public ulong Token { get; set; }

    public EpollLoop? Loop { get; set; }

    public override void CloseHandle() => LibC.close(Fd);

    public override unsafe bool SendControl(ReadOnlySpan<byte> datagram, MediaEndpoint destination)
    {
        if (IsClosed)
        {
            return false;
        }

        byte* name = stackalloc byte[MediaEndpoint.NativeSize];
        var nameLength = destination.WriteNative(name);
        fixed (byte* data = datagram)
        {
            return LibC.sendto(Fd, data, (nuint)datagram.Length, LibC.MSG_DONTWAIT, name, nameLength) >= 0;
        }
    }
}
