namespace RtcOnAws.Sbc.Contracts;

/// <summary>
/// media-node's logical interfaces on a node with an Elastic IP, named as rtpengine names them: Kamailio's offers put each
/// party on one with the ng <c>direction</c> key, so the SDP toward a private peer carries the floating private address
/// and the SDP toward the internet the Elastic IP.
/// </summary>
public static class MediaNodeInterfaces
{
    /// <summary>Toward private (RFC 1918) peers such as upstreams in the VPC: advertises the floating private address.</summary>
    public const string Internal = "internal";

    /// <summary>Toward the internet: advertises the Elastic IP.</summary>
    public const string External = "external";
}
