using System.Net;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.Relay.Kernel;

namespace RtcOnAws.MediaNode.Engine.Hosting;

/// <summary>Everything the engine needs to run; the host fills it from the command line and config file.</summary>
public sealed record MediaNodeSettings
{
    /// <summary>
    /// The name of the default logical interface (rtpengine <c>--interface NAME/ADDRESS</c>, the first one given): the
    /// interface of a party an offer names no ng <c>direction</c> for.
    /// </summary>
    public string InterfaceName { get; init; } = "default";

    /// <summary>
    /// Further logical interfaces on <see cref="BindAddress"/>, each with the address SDP advertises to a party on it
    /// (for example <c>internal</c> advertising the private address, <c>external</c> the Elastic IP); the ng
    /// <c>direction</c> key puts each party on one. Default: none.
    /// </summary>
    public IReadOnlyList<MediaInterface> AdditionalInterfaces { get; init; } = [];

    /// <summary>The address media sockets bind.</summary>
    public required IPAddress BindAddress { get; init; }

    /// <summary>The address written into SDP (rtpengine <c>ADDRESS!ADVERTISED</c>, e.g. an Elastic IP); defaults to <see cref="BindAddress"/>.</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>The ng UDP control socket.</summary>
    public required IPEndPoint NgListen { get; init; }

    /// <summary>Lowest media port. Default 30000 (rtpengine's).</summary>
    public int PortMin { get; init; } = 30_000;

    /// <summary>Highest media port. Default 40000 (rtpengine's).</summary>
    public int PortMax { get; init; } = 40_000;

    /// <summary>Silence after which a call is ended (rtpengine <c>--timeout</c>). Default 60 s.</summary>
    public TimeSpan MediaTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Default endpoint learning. Default <see cref="EndpointLearning.Strict"/> (RTP-Bleed-safe).</summary>
    public EndpointLearning EndpointLearning { get; init; } = EndpointLearning.Strict;

    /// <summary>Relay event loops (rtpengine <c>--num-threads</c>). Default: one per processor.</summary>
    public int RelayLoops { get; init; } = Environment.ProcessorCount;

    /// <summary>Bind media ports with IP_FREEBIND, so the bind address may be a floating address not on this host yet. Default false.</summary>
    public bool FreeBind { get; init; }

    /// <summary>The DTLS certificate of WebRTC legs; null generates one at start. An HA pair shares one so the
    /// fingerprint in SDP survives a failover.</summary>
    public WebRtc.Dtls.DtlsCertificate? DtlsCertificate { get; init; }

    /// <summary>Relay backend. Default epoll on Linux.</summary>
    public RelayBackend RelayBackend { get; init; } = OperatingSystem.IsLinux() ? RelayBackend.Epoll : RelayBackend.Portable;

    /// <summary>
    /// Kernel forwarding of established streams. Default <see cref="KernelForwardingMode.Off"/> here (the daemon's
    /// <c>--kernel-forwarding</c> defaults to auto); the nftables table is named <see cref="KernelTableName"/>.
    /// </summary>
    public KernelForwardingMode KernelForwarding { get; init; } = KernelForwardingMode.Off;

    /// <summary>This instance's nftables table: derived from the port range, so a restarted node finds what it left behind.</summary>
    public string KernelTableName => $"rtconaws_{PortMin}_{PortMax}";

    /// <summary>ng server limits.</summary>
    public Protocol.NgServerOptions Ng { get; init; } = new();
}
