namespace RtcOnAws.Sbc.Contracts;

/// <summary>How one SBC node starts media-node; <see cref="MediaNodeLaunch.Create"/> turns it into the unit's arguments and config file.</summary>
public sealed record MediaNodeLaunchSettings
{
    /// <summary>Private address media ports bind: the pair's floating address (may be a deploy-time value).</summary>
    public required string MediaAddress { get; init; }

    /// <summary>
    /// The Elastic IP mapped to <see cref="MediaAddress"/>: media-node then has two logical interfaces,
    /// <see cref="MediaNodeInterfaces.Internal"/> advertising <see cref="MediaAddress"/> to private peers and
    /// <see cref="MediaNodeInterfaces.External"/> advertising this address to the internet (Kamailio's offers say which
    /// side each party is on). Null advertises <see cref="MediaAddress"/> to everyone.
    /// </summary>
    /// <remarks>Default: null.</remarks>
    public string? AdvertisedAddress { get; init; }

    /// <summary>
    /// ng control port on loopback: only this node's Kamailio reaches it (the ng protocol has no authentication).
    /// </summary>
    /// <remarks>Default: <see cref="SbcPorts.NgControl"/>.</remarks>
    public int NgControlPort { get; init; } = SbcPorts.NgControl;

    /// <summary>Health and metrics port on loopback.</summary>
    /// <remarks>Default: <see cref="SbcPorts.MediaNodeHttp"/>.</remarks>
    public int HttpPort { get; init; } = SbcPorts.MediaNodeHttp;

    /// <summary>Lowest media port.</summary>
    /// <remarks>Default: <see cref="SbcPorts.RtpMin"/>.</remarks>
    public int PortMin { get; init; } = SbcPorts.RtpMin;

    /// <summary>Highest media port.</summary>
    /// <remarks>Default: <see cref="SbcPorts.RtpMax"/>.</remarks>
    public int PortMax { get; init; } = SbcPorts.RtpMax;

    /// <summary>CloudWatch namespace of the heartbeat metric; null publishes none.</summary>
    /// <remarks>Default: null.</remarks>
    public string? HeartbeatNamespace { get; init; }

    /// <summary>The hot-standby flags; null runs a node that relays on its own.</summary>
    /// <remarks>Default: null.</remarks>
    public MediaNodeHaLaunch? HighAvailability { get; init; }

    /// <summary>Arguments appended last, so they win over the file (for example <c>--log-level debug</c>).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
