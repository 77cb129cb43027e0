using Amazon.CDK;
using Amazon.CDK.AWS.Route53;

namespace RtcOnAws.App;

/// <summary>Props of <see cref="GlobalRtcStack"/>.</summary>
internal sealed class GlobalRtcStackProps : StackProps
{
    /// <summary>The SIP domain.</summary>
    public required string Domain { get; init; }

    /// <summary>The domain's hosted zone (owned by the first regional stack, or imported).</summary>
    public required IHostedZone HostedZone { get; init; }

    /// <summary>The regional stacks behind the global entry.</summary>
    public required IReadOnlyList<RegionalRtcStack> Regions { get; init; }

    /// <summary>Whether to protect the accelerator with Shield Advanced.</summary>
    public bool ShieldAdvanced { get; init; }

    /// <summary>Whether to deploy the Global Accelerator over the regions' SIP load balancers.</summary>
    public bool GlobalAccelerator { get; init; }

    /// <summary>Whether the load balancers terminate SIP over TLS on 5061 (publishes <c>_sips._tcp</c>).</summary>
    public bool Tls { get; init; }
}
