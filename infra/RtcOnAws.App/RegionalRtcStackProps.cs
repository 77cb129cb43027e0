using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;

namespace RtcOnAws.App;

/// <summary>Props of <see cref="RegionalRtcStack"/>.</summary>
internal sealed class RegionalRtcStackProps : StackProps
{
    /// <summary>The SIP domain served by this region.</summary>
    public required string Domain { get; init; }

    /// <summary>Code of the floating-IP failover function (default: the construct's not-implemented stand-in).</summary>
    public Code? FloatingIpFailoverCode { get; init; }

    /// <summary>Code of the lifecycle DNS function (default: the construct's not-implemented stand-in).</summary>
    public Code? LifecycleDnsCode { get; init; }
}
