namespace RtcOnAws.MediaNode.Relay;

/// <summary>Settings of a <see cref="RelayEngine"/>. Validated by <see cref="Validate"/> when the engine is created.</summary>
public sealed class RelayEngineOptions
{
    /// <summary>Event loops (threads) that relay packets; sockets are sharded across them. Default: the processor count. 1-256.</summary>
    public int LoopCount { get; set; } = Environment.ProcessorCount;

    /// <summary>Packet I/O backend. Default: <see cref="RelayBackend.Epoll"/> on Linux, <see cref="RelayBackend.Portable"/> elsewhere.</summary>
    public RelayBackend Backend { get; set; } = OperatingSystem.IsLinux() ? RelayBackend.Epoll : RelayBackend.Portable;

    /// <summary>Largest datagram relayed, in bytes; larger ones are dropped as <see cref="DropReason.Oversize"/>. Default 2048. 64-65535.</summary>
    public int ReceiveBufferSize { get; set; } = 2048;

    /// <summary>Kernel receive buffer per socket (<c>SO_RCVBUF</c>) in bytes; 0 keeps the OS default. Default 0.</summary>
    public int SocketReceiveBufferBytes { get; set; }

    /// <summary>Learning mode used by <see cref="RelayStream.ExpectRemote(System.Net.IPEndPoint?, System.Net.IPEndPoint?)"/>. Default <see cref="EndpointLearning.Strict"/>.</summary>
    public EndpointLearning DefaultEndpointLearning { get; set; } = EndpointLearning.Strict;

    /// <summary>How long <see cref="EndpointLearning.Heuristic"/> collects candidate sources before it commits. Default 3 s (rtpengine's delay).</summary>
    public TimeSpan HeuristicLearningWindow { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Datagrams moved per <c>recvmmsg</c>/<c>sendmmsg</c> call (epoll backend). Default 16. 1-256.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting and what is allowed.</summary>
    public void Validate()
    {
        if (LoopCount is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(LoopCount), LoopCount, "LoopCount must be between 1 and 256.");
        }

        if (!Enum.IsDefined(Backend))
        {
            throw new ArgumentOutOfRangeException(nameof(Backend), Backend, "Backend must be Epoll or Portable.");
        }

        if (Backend == RelayBackend.Epoll && !OperatingSystem.IsLinux())
        {
            throw new ArgumentOutOfRangeException(nameof(Backend), Backend, "Backend Epoll needs Linux; use Portable.");
        }

        if (ReceiveBufferSize is < 64 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), ReceiveBufferSize, "ReceiveBufferSize must be between 64 and 65535 bytes.");
        }

        if (SocketReceiveBufferBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SocketReceiveBufferBytes), SocketReceiveBufferBytes, "SocketReceiveBufferBytes must be 0 (OS default) or positive.");
        }

        if (!Enum.IsDefined(DefaultEndpointLearning))
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultEndpointLearning), DefaultEndpointLearning, "DefaultEndpointLearning must be Strict, Heuristic, Immediate or Off.");
        }

        if (HeuristicLearningWindow <= TimeSpan.Zero || HeuristicLearningWindow > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(HeuristicLearningWindow), HeuristicLearningWindow, "HeuristicLearningWindow must be more than 0 and at most 1 minute.");
        }

        if (BatchSize is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 256.");
        }
    }
}
