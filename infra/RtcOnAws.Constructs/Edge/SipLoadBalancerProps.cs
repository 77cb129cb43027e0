using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;

namespace RtcOnAws.Constructs.Edge;

/// <summary>Props of <see cref="SipLoadBalancer"/>.</summary>
public sealed class SipLoadBalancerProps
{
    /// <summary>The network whose public subnets hold the load balancer. Required.</summary>
    public required IRtcNetwork Network { get; init; }

    /// <summary>The SBC pairs behind the load balancer; each is targeted at its floating private IP, so a failover needs no re-registration. At least one. Required.</summary>
    public required IReadOnlyList<ISbcPair> Pairs { get; init; }

    /// <summary>Whether to add the SIP over TLS listener on 5061.</summary>
    /// <remarks>Default: true; then <see cref="Certificate"/> is required.</remarks>
    public bool? TlsListener { get; init; }

    /// <summary>Certificate of the TLS listener on 5061. Required when <see cref="TlsListener"/> is true.</summary>
    /// <remarks>Default: none.</remarks>
    public IListenerCertificate? Certificate { get; init; }

    /// <summary>Whether the load balancer may send traffic to targets in other AZs.</summary>
    /// <remarks>Default: false: AZ affinity, so losing an AZ loses at most that AZ's calls (whitepaper fig. 13).</remarks>
    public bool? CrossZoneEnabled { get; init; }

    /// <summary>Whether the load balancer has public addresses.</summary>
    /// <remarks>Default: true.</remarks>
    public bool? InternetFacing { get; init; }

    /// <summary>How the targets are probed.</summary>
    /// <remarks>Default: HTTP GET <see cref="SipHealthAnswer.Path"/> on 5060, which the SBC's Kamailio answers 200 only while its media-node serves.</remarks>
    public SipHealthCheck? HealthCheck { get; init; }

    /// <summary>Where the load balancer writes its access logs (prefix <c>sip-nlb</c>); the bucket must use SSE-S3.</summary>
    /// <remarks>Default: a new bucket (SSE-S3, public access blocked, TLS only, objects expire after 90 days).</remarks>
    public Amazon.CDK.AWS.S3.IBucket? AccessLogsBucket { get; init; }
}
