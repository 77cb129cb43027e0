using RtcOnAws.MediaNode.Relay.Kernel;

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

    /// <summary>
    /// Forward established IPv4 streams in the kernel (nftables over netlink; needs CAP_NET_ADMIN and
    /// <c>net.ipv4.ip_forward=1</c>). Default <see cref="KernelForwardingMode.Off"/>; the media-node daemon defaults to
    /// <see cref="KernelForwardingMode.Auto"/>.
    /// </summary>
    public KernelForwardingMode KernelForwarding { get; set; } = KernelForwardingMode.Off;

    /// <summary>
    /// Name of this instance's nftables table (family <c>ip</c>). A table of this name left by a crashed instance is
    /// replaced at start. Give each instance on a host its own (the daemon uses <c>rtconaws_PORTMIN_PORTMAX</c>).
    /// Default <c>rtconaws_relay</c>. Letters, digits and <c>_</c>, at most 32 characters.
    /// </summary>
    public string KernelTableName { get; set; } = "rtconaws_relay";

    /// <summary>Most stream directions forwarded in the kernel at once; beyond it streams stay in user space (counted). Default 65536. 1-1048576.</summary>
    public int KernelTableCapacity { get; set; } = 65536;

    /// <summary>How often the kernel's per-stream counters are read into the streams' counters (and fencing re-checked). Default 1 s. 10 ms-1 min.</summary>
    public TimeSpan KernelCounterInterval { get; set; } = TimeSpan.FromSeconds(1);

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

        if (!Enum.IsDefined(KernelForwarding))
        {
            throw new ArgumentOutOfRangeException(nameof(KernelForwarding), KernelForwarding, "KernelForwarding must be Off, Auto or On.");
        }

        if (string.IsNullOrEmpty(KernelTableName) || KernelTableName.Length > 32 || !KernelTableName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentOutOfRangeException(nameof(KernelTableName), KernelTableName, "KernelTableName must be 1-32 ASCII letters, digits or underscores.");
        }

        if (KernelTableCapacity is < 1 or > 1048576)
        {
            throw new ArgumentOutOfRangeException(nameof(KernelTableCapacity), KernelTableCapacity, "KernelTableCapacity must be between 1 and 1048576.");
        }

        if (KernelCounterInterval < TimeSpan.FromMilliseconds(10) || KernelCounterInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(KernelCounterInterval), KernelCounterInterval, "KernelCounterInterval must be between 10 ms and 1 minute.");
        }

        if (BatchSize is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 256.");
        }
    }
}
