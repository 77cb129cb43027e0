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
}
