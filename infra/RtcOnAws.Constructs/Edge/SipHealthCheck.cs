namespace RtcOnAws.Constructs.Edge;

/// <summary>The health check of the SBC targets behind a <see cref="SipLoadBalancer"/>.</summary>
public sealed class SipHealthCheck
{
    /// <summary>TCP connect or HTTP GET.</summary>
    /// <remarks>Default: <see cref="SipHealthCheckProtocol.Tcp"/>.</remarks>
    public SipHealthCheckProtocol? Protocol { get; init; }

    /// <summary>Port probed on the node, 1-65535.</summary>
    /// <remarks>Default: 5060 (SIP over TCP).</remarks>
    public double? Port { get; init; }

    /// <summary>Path requested by an HTTP check; must start with <c>/</c>. Only for <see cref="SipHealthCheckProtocol.Http"/>.</summary>
    /// <remarks>Default: <c>/health</c> for HTTP checks.</remarks>
    public string? Path { get; init; }
}
