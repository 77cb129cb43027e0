namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// One WebRTC gateway instance's Kamailio, as <see cref="GatewayConfig.Render"/> writes it: SIP over WebSocket from
/// browsers (behind a load balancer that terminates TLS) on one side, plain SIP to the SBC pairs on the other.
/// Addresses are IPv4 literals, or deploy-time values that the renderer copies verbatim when its caller says so.
/// </summary>
public sealed record GatewaySettings
{
    /// <summary>The instance's private address: the HTTP/WebSocket listener and the SIP socket toward the SBCs.</summary>
    public required string ListenAddress { get; init; }

    /// <summary>TCP port of HTTP (the WebSocket handshake and <see cref="HealthPath"/>) on <see cref="ListenAddress"/>, 1 to 65535.</summary>
    /// <remarks>Default: <see cref="GatewayPorts.Http"/>.</remarks>
    public int HttpPort { get; init; } = GatewayPorts.Http;

    /// <summary>UDP port of the SIP socket toward the SBCs on <see cref="ListenAddress"/>, 1 to 65535.</summary>
    /// <remarks>Default: <see cref="SbcPorts.Sip"/>.</remarks>
    public int SipPort { get; init; } = SbcPorts.Sip;

    /// <summary>
    /// The SIP domain browsers register in and call into (host name or IPv4), the same the SBCs serve: any other
    /// Request-URI is refused with 403 (no open relay).
    /// </summary>
    public required string Domain { get; init; }

    /// <summary>
    /// The SBC pairs' floating addresses (UDP): calls go to them round robin, probed with OPTIONS; one that times out
    /// or answers 5xx is skipped until its probes answer again. At least one.
    /// </summary>
    public required IReadOnlyList<SipUpstream> Sbcs { get; init; }

    /// <summary>HTTP path the load balancer's health check requests: Kamailio itself answers it 200.</summary>
    /// <remarks>Default: <see cref="GatewayPorts.HealthPath"/>.</remarks>
    public string HealthPath { get; init; } = GatewayPorts.HealthPath;

    /// <summary>Longest registration a browser gets, in seconds (60 to 86400).</summary>
    /// <remarks>Default: 600.</remarks>
    public int MaxRegistrationSeconds { get; init; } = 600;

    /// <summary>
    /// Seconds between OPTIONS probes of every SBC, 1 to 15 (half of <see cref="GatewayRouting.LivenessSeconds"/>): the
    /// probes also tell the SBCs that this gateway is alive, for calls to its browsers.
    /// </summary>
    /// <remarks>Default: 5.</remarks>
    public int ProbeIntervalSeconds { get; init; } = 5;

    /// <summary>Largest SIP message accepted, in bytes (1024 to 65535); larger ones are refused with 513.</summary>
    /// <remarks>Default: 16384 (a browser's SDP with ICE candidates is a few kilobytes).</remarks>
    public int MaxMessageBytes { get; init; } = 16_384;

    /// <summary>SIP worker processes per listener (1 to 64).</summary>
    /// <remarks>Default: 4.</remarks>
    public int Workers { get; init; } = 4;

    /// <summary>Where the dispatcher list of <see cref="Sbcs"/> is read from.</summary>
    /// <remarks>Default: <see cref="SbcPaths.KamailioDispatcherFile"/>.</remarks>
    public string DispatcherFile { get; init; } = SbcPaths.KamailioDispatcherFile;

    /// <summary>
    /// The file holding the shared secret of browsers' credentials (<see cref="GatewayCredentials"/>) as one Kamailio
    /// <c>modparam</c> line (<see cref="GatewayCredentials.SecretFileText"/>), included by the config: the secret stays out
    /// of the rendered config. Kamailio refuses to start without it. Absolute path of letters, digits, '.', '_', '-' and '/'.
    /// </summary>
    /// <remarks>Default: <see cref="SbcPaths.GatewayCredentialSecretFile"/>.</remarks>
    public string CredentialSecretFile { get; init; } = SbcPaths.GatewayCredentialSecretFile;

    /// <summary>The binrpc control socket of <c>kamcmd</c> (for example <c>kamcmd ul.dump</c>): <c>unix:</c> and an absolute path.</summary>
    /// <remarks>Default: <c>unix:/run/kamailio/kamailio_ctl</c>.</remarks>
    public string ControlSocket { get; init; } = "unix:/run/kamailio/kamailio_ctl";

    /// <summary>Kamailio's log level (<c>debug</c>): -3 (alert) to 2 (info); not 3 (debug), at which <c>auth_ephemeral</c> logs the secret and the passwords it computes.</summary>
    /// <remarks>Default: 1 (notice).</remarks>
    public int LogLevel { get; init; } = 1;
}
