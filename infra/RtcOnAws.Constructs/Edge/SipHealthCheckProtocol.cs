namespace RtcOnAws.Constructs.Edge;

/// <summary>How the load balancer probes an SBC node.</summary>
public enum SipHealthCheckProtocol
{
    /// <summary>A TCP connect to the port (SIP over TCP answers it).</summary>
    Tcp,

    /// <summary>An HTTP GET of a path on the port, for a node that exposes a health endpoint.</summary>
    Http,
}
