namespace RtcOnAws.Constructs.Edge;

/// <summary>How the load balancer probes an SBC node.</summary>
public enum SipHealthCheckProtocol
{
    /// <summary>A TCP connect to the port (SIP over TCP answers it, even on a standby or fenced node).</summary>
    Tcp,

    /// <summary>An HTTP GET of a path on the port: an RtcOnAws SBC answers <see cref="SipHealthAnswer.Path"/> on its SIP port.</summary>
    Http,
}
