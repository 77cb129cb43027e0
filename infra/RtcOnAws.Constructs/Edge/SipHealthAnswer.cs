using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Edge;

/// <summary>
/// What every health check of an SBC probes by default: HTTP <c>GET /health</c> on SIP's TCP port of the address that
/// carries the calls. The node's Kamailio answers it (<see cref="KamailioSettings.MediaNodeHttpPort"/>): 200 only while its
/// media-node is healthy and forwarding, so a node that is down, a standby, or fenced (lost its lease) reads unhealthy to
/// the load balancer, Global Accelerator and Route 53 alike.
/// </summary>
public static class SipHealthAnswer
{
    /// <summary>The path Kamailio answers.</summary>
    public const string Path = "/health";

    /// <summary>The port: SIP over TCP.</summary>
    public const int Port = SbcPorts.Sip;
}
