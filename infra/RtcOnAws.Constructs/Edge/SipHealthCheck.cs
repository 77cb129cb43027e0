namespace RtcOnAws.Constructs.Edge;

/// <summary>The health check of the SBC targets behind a <see cref="SipLoadBalancer"/>.</summary>
public sealed class SipHealthCheck
{
    /// <summary>TCP connect or HTTP GET.</summary>
    /// <remarks>Default: <see cref="SipHealthCheckProtocol.Http"/> (<see cref="SipHealthAnswer"/>: the SBC's SIP proxy and media relay in one answer).</remarks>
    public SipHealthCheckProtocol? Protocol { get; init; }

    /// <summary>Port probed on the node, 1-65535.</summary>
    /// <remarks>Default: 5060 (SIP over TCP, where the SBC's Kamailio answers the HTTP check too).</remarks>
    public double? Port { get; init; }

    /// <summary>Path requested by an HTTP check; must start with <c>/</c>. Only for <see cref="SipHealthCheckProtocol.Http"/>.</summary>
    /// <remarks>Default: <see cref="SipHealthAnswer.Path"/> for HTTP checks.</remarks>
    public string? Path { get; init; }
}
