namespace RtcOnAws.MediaNode.Relay;

/// <summary>Which packet I/O machinery the <see cref="RelayEngine"/> runs on.</summary>
public enum RelayBackend
{
    /// <summary>
    /// Linux only: one thread per loop blocks in <c>epoll_wait</c> and moves datagrams with <c>recvmmsg</c>/<c>sendmmsg</c>
    /// through source-generated P/Invoke, on native buffers owned by the loop. The fast path.
    /// </summary>
    Epoll = 0,

    /// <summary>Any OS: .NET <see cref="System.Net.Sockets.Socket"/> with one receive loop per socket. Correct, slower.</summary>
    Portable = 1,
}
