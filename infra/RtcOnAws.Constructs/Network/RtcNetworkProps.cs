using Amazon.CDK.AWS.EC2;

namespace RtcOnAws.Constructs.Network;

/// <summary>Props of <see cref="RtcNetwork"/>. Bring your own VPC with <see cref="ExistingVpc"/>, or let the construct create one.</summary>
public sealed class RtcNetworkProps
{
    /// <summary>
    /// A VPC to use instead of creating one. It must span at least two availability zones and have
    /// public subnets (SBC edges) and private subnets (session state).
    /// Mutually exclusive with <see cref="VpcProps"/> and <see cref="MaxAzs"/>.
    /// </summary>
    /// <remarks>Default: a new VPC is created.</remarks>
    public IVpc? ExistingVpc { get; init; }

    /// <summary>
    /// Whether the created VPC gets an S3 gateway endpoint and a CloudWatch metrics (<c>monitoring</c>) interface endpoint
    /// in the edge subnets, reachable only from the SBC security group. SBC nodes have no public address of their own
    /// and the VPC no NAT gateway: without them a node can neither download the media node nor publish its heartbeat.
    /// The interface endpoint costs an hourly fee per AZ. Not with <see cref="ExistingVpc"/>: a brought VPC must give
    /// the SBC subnets access to S3 and CloudWatch itself (endpoints or NAT).
    /// </summary>
    /// <remarks>Default: true when the construct creates the VPC.</remarks>
    public bool? ServiceEndpoints { get; init; }

    /// <summary>
    /// Full props for the VPC the construct creates, for callers who need their own CIDR or subnet layout.
    /// The layout must contain a <c>PUBLIC</c> subnet group and a <c>PRIVATE_ISOLATED</c> or
    /// <c>PRIVATE_WITH_EGRESS</c> group, and <c>MaxAzs</c>, when set, must be at least 2.
    /// Mutually exclusive with <see cref="ExistingVpc"/> and <see cref="MaxAzs"/>.
    /// </summary>
    /// <remarks>
    /// Default: CIDR <c>10.40.0.0/16</c>, <see cref="MaxAzs"/> AZs, one public <c>/24</c> "Edge" and one
    /// private isolated <c>/24</c> "State" subnet per AZ, no NAT gateways (nothing in the private subnets needs the internet).
    /// </remarks>
    public IVpcProps? VpcProps { get; init; }

    /// <summary>Number of availability zones of the created VPC; at least 2 so a whole AZ can fail.</summary>
    /// <remarks>Default: 2. Environment-agnostic stacks can use at most 2.</remarks>
    public double? MaxAzs { get; init; }

    /// <summary>CIDRs allowed to reach SIP on 5060 (UDP and TCP) and SIP over TLS on 5061 (TCP).</summary>
    /// <remarks>Default: <c>0.0.0.0/0</c> (a public SIP service).</remarks>
    public IReadOnlyList<string>? SipSourceCidrs { get; init; }

    /// <summary>CIDRs allowed to send RTP/RTCP to the media ports.</summary>
    /// <remarks>Default: the same as <see cref="SipSourceCidrs"/>.</remarks>
    public IReadOnlyList<string>? RtpSourceCidrs { get; init; }

    /// <summary>UDP port range of the media relay (RTP and RTCP). Both ends within 1024-65535, <c>From</c> not above <c>To</c>.</summary>
    /// <remarks>Default: 30000-40000 (<see cref="PortRange.DefaultRtp"/>).</remarks>
    public PortRange? RtpPortRange { get; init; }

    /// <summary>UDP port of the rtpengine "ng" control protocol on each SBC node's loopback, between its Kamailio and its media node; no security-group rule admits it.</summary>
    /// <remarks>Default: 2223 (media-node's and rtpengine's usual `listen-ng` port).</remarks>
    public double? NgControlPort { get; init; }

    /// <summary>UDP port of the media nodes' peer heartbeats (media-node <c>--ha-peer</c>/<c>--ha-heartbeat-listen</c>). Reachable only from the SBC security group itself.</summary>
    /// <remarks>Default: 7000.</remarks>
    public double? PeerHeartbeatPort { get; init; }

    /// <summary>TCP port of the session store (Redis). Reachable only from the SBC security group.</summary>
    /// <remarks>Default: 6379.</remarks>
    public double? RedisPort { get; init; }
}
