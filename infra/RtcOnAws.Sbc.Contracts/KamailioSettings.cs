namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// One SBC node's Kamailio, as <see cref="KamailioConfig.Render"/> writes it. Addresses are IPv4 literals, or deploy-time
/// values (for example CDK tokens) that the renderer copies verbatim when its caller says so.
/// </summary>
public sealed record KamailioSettings
{
    /// <summary>The pair's floating private address: SIP listens here on UDP and TCP (non-local bind, so the standby already listens).</summary>
    public required string FloatingAddress { get; init; }

    /// <summary>
    /// The public address the floating address is NATed to (the Elastic IP): written into Via and Record-Route toward the
    /// internet, while private hops (RFC 1918 peers such as upstreams in the VPC) see <see cref="FloatingAddress"/>; a
    /// request crossing the two gets a double Record-Route. Null when callers reach the floating address directly.
    /// </summary>
    /// <remarks>Default: null.</remarks>
    public string? AdvertisedAddress { get; init; }

    /// <summary>SIP port (UDP and TCP) on <see cref="FloatingAddress"/>.</summary>
    /// <remarks>Default: <see cref="SbcPorts.Sip"/>.</remarks>
    public int SipPort { get; init; } = SbcPorts.Sip;

    /// <summary>This node's own (non-floating) private address: its DMQ listener for dialog replication.</summary>
    public required string NodeAddress { get; init; }

    /// <summary>The other node's own private address; null runs without dialog replication (a single node).</summary>
    /// <remarks>Default: null.</remarks>
    public string? PeerAddress { get; init; }

    /// <summary>UDP port of DMQ on both nodes' own addresses.</summary>
    /// <remarks>Default: <see cref="SbcPorts.Dmq"/>.</remarks>
    public int DmqPort { get; init; } = SbcPorts.Dmq;

    /// <summary>
    /// This node's index in its pair, 0 or 1: its dialog ids are <c>index + 1 + 2n</c> (<c>h_id_start</c>/<c>h_id_step</c>),
    /// so the two nodes never create the same id and a replicated dialog never overwrites a local one.
    /// </summary>
    public required int NodeIndex { get; init; }

    /// <summary>
    /// The SIP domain this SBC serves (host name or IPv4): requests from callers are accepted only when their Request-URI
    /// is in this domain, addressed to the SBC itself, or to one of the upstreams (no open relay).
    /// </summary>
    public required string Domain { get; init; }

    /// <summary>Where requests from callers go.</summary>
    /// <remarks>Default: <see cref="SipRouting.ByRequestUri"/>.</remarks>
    public SipRouting Routing { get; init; } = SipRouting.ByRequestUri;

    /// <summary>
    /// IPv4 CIDRs of trusted SIP peers besides the upstreams (for example a PBX subnet): their requests may go to any
    /// Request-URI (calls toward callers) and are not flood-limited.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string> TrustedSourceCidrs { get; init; } = [];

    /// <summary>
    /// IPv4 CIDRs of the WebRTC gateways (their subnets): a call from or to them has a browser on that side, and media-node
    /// gets the flags of <see cref="GatewayMediaFlags"/> (ICE, DTLS-SRTP, rtcp-mux toward the browser; plain RTP the other way).
    /// </summary>
    /// <remarks>Default: none (every side is plain SIP).</remarks>
    public IReadOnlyList<string> WebRtcGatewayCidrs { get; init; } = [];

    /// <summary>UDP port of this node's media-node ng control socket on loopback.</summary>
    /// <remarks>Default: <see cref="SbcPorts.NgControl"/>.</remarks>
    public int NgControlPort { get; init; } = SbcPorts.NgControl;

    /// <summary>
    /// TCP port of this node's media-node <c>GET /serving</c> on loopback. When set, Kamailio answers HTTP <c>GET /health</c>
    /// on its SIP TCP socket: 200 while media-node answers 200 there (healthy and forwarding: the active, not a standby or a
    /// fenced node), 503 otherwise, and nothing when Kamailio itself is down. That is the one signal of the SIP service and
    /// its media relay that the load balancer, Global Accelerator and Route 53 health checks probe. Null: no HTTP answer.
    /// </summary>
    /// <remarks>Default: null.</remarks>
    public int? MediaNodeHttpPort { get; init; }

    /// <summary>Flood limits on untrusted sources.</summary>
    /// <remarks>Default: <see cref="FloodLimits"/> defaults (40 requests per 2 s and source).</remarks>
    public FloodLimits Flood { get; init; } = new();

    /// <summary>Largest SIP message accepted, in bytes (1024 to 65535); larger ones are refused with 513.</summary>
    /// <remarks>Default: 16384.</remarks>
    public int MaxMessageBytes { get; init; } = 16_384;

    /// <summary>Most SDP lines an offer or answer may have (8 to 10000); more are refused with 488 before media-node sees them.</summary>
    /// <remarks>Default: 200.</remarks>
    public int MaxSdpLines { get; init; } = 200;

    /// <summary>Lifetime of a confirmed dialog in seconds (60 to 604800): when it expires, Kamailio ends the call with BYEs both ways.</summary>
    /// <remarks>Default: 43200 (12 hours).</remarks>
    public int DialogTimeoutSeconds { get; init; } = 43_200;

    /// <summary>
    /// Seconds a dialog may stay unanswered (5 to 3600): Kamailio destroys an early dialog this old, at its next sweep of
    /// stale dialogs (every 90 s, fixed in Kamailio 5.6). A call answered on the
    /// standby after a takeover (its dialog replicated while early) is tracked by that node itself, not by this timer.
    /// </summary>
    /// <remarks>Default: 300 (Kamailio's).</remarks>
    public int EarlyDialogTimeoutSeconds { get; init; } = 300;

    /// <summary>SIP worker processes per listener (1 to 64).</summary>
    /// <remarks>Default: 4.</remarks>
    public int Workers { get; init; } = 4;

    /// <summary>Where the dispatcher list is read from (only with upstreams).</summary>
    /// <remarks>Default: <see cref="SbcPaths.KamailioDispatcherFile"/>.</remarks>
    public string DispatcherFile { get; init; } = SbcPaths.KamailioDispatcherFile;

    /// <summary>
    /// The binrpc control socket of <c>kamcmd</c> (for example <c>kamcmd dlg.list</c> to see the replicated dialogs):
    /// <c>unix:</c> and an absolute path.
    /// </summary>
    /// <remarks>Default: <c>unix:/run/kamailio/kamailio_ctl</c>, where the distribution's <c>kamcmd</c> looks.</remarks>
    public string ControlSocket { get; init; } = "unix:/run/kamailio/kamailio_ctl";

    /// <summary>Kamailio's log level (<c>debug</c>): -3 (alert) to 3 (debug).</summary>
    /// <remarks>Default: 1 (notice).</remarks>
    public int LogLevel { get; init; } = 1;
}
