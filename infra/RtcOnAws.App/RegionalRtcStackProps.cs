using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Route53;
using Constructs;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.App;

/// <summary>Props of <see cref="RegionalRtcStack"/>.</summary>
internal sealed class RegionalRtcStackProps : StackProps
{
    /// <summary>The SIP domain served by this region.</summary>
    public required string Domain { get; init; }

    /// <summary>The domain's hosted zone, owned elsewhere; null makes this stack create it (the first region's stack).</summary>
    public IHostedZone? HostedZone { get; init; }

    /// <summary>An existing hosted zone id to import instead of creating a zone.</summary>
    public string? ExistingHostedZoneId { get; init; }

    /// <summary>Whether to protect the Elastic IPs and load balancers with Shield Advanced.</summary>
    public bool ShieldAdvanced { get; init; }

    /// <summary>Whether the region gets a SIP Network Load Balancer as the Global Accelerator's endpoint.</summary>
    public bool SipLoadBalancer { get; init; }

    /// <summary>Whether the SIP load balancer terminates TLS on 5061 (needs <see cref="ExistingHostedZoneId"/> for the certificate).</summary>
    public bool Tls { get; init; }

    /// <summary>An e-mail address subscribed to the region's alarm topic; null subscribes nobody.</summary>
    public string? AlarmEmail { get; init; }

    /// <summary>Whether to deploy the WebRTC gateway (needs <see cref="ExistingHostedZoneId"/> for the certificate).</summary>
    public bool WebRtcGateway { get; init; }

    /// <summary>Where every SBC pair sends calls (default: by Request-URI, no upstream).</summary>
    public SipRouting? SipRouting { get; init; }

    /// <summary>Code of the floating-IP failover function (default: the construct's not-implemented stand-in).</summary>
    public Code? FloatingIpFailoverCode { get; init; }

    /// <summary>Code of the lifecycle DNS function (default: the construct's not-implemented stand-in).</summary>
    public Code? LifecycleDnsCode { get; init; }

    /// <summary>Creates the media relay artifact in the stack it is given (assets belong to one stack); null installs none.</summary>
    public Func<Construct, MediaNodeArtifact>? MediaNodeCode { get; init; }
}
