namespace RtcOnAws.Sbc.Contracts;

/// <summary>The ports an SBC node's services use, shared by the CDK (security groups, rendered configs) and media-node (defaults).</summary>
public static class SbcPorts
{
    /// <summary>SIP over UDP and TCP on the pair's floating address.</summary>
    public const int Sip = 5060;

    /// <summary>SIP over TLS.</summary>
    public const int SipTls = 5061;

    /// <summary>
    /// Kamailio's DMQ (dialog replication) listener on each node's own primary private address: a port of its own so the
    /// security group can admit it from the pair only, while SIP on <see cref="Sip"/> is open to callers.
    /// </summary>
    public const int Dmq = 5062;

    /// <summary>UDP port of the rtpengine ng control protocol on loopback (media-node's <c>--listen-ng</c>, Kamailio's <c>rtpengine_sock</c>).</summary>
    public const int NgControl = 2223;

    /// <summary>TCP port of media-node's <c>GET /health</c>, <c>GET /serving</c> (asked by Kamailio's health answer) and <c>GET /metrics</c> on loopback.</summary>
    public const int MediaNodeHttp = 2225;

    /// <summary>UDP port of the media nodes' authenticated peer heartbeats on the nodes' primary private addresses.</summary>
    public const int PeerHeartbeat = 7000;

    /// <summary>Redis (the session store).</summary>
    public const int Redis = 6379;

    /// <summary>Lowest UDP media port (RTP even, RTCP odd).</summary>
    public const int RtpMin = 30_000;

    /// <summary>Highest UDP media port: with <see cref="RtpMin"/>, even/odd pairs for 5,000 media legs.</summary>
    public const int RtpMax = 40_000;
}
