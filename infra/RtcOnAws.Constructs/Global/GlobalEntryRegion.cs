using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using RtcOnAws.Constructs.Sbc;

namespace RtcOnAws.Constructs.Global;

/// <summary>One region behind a <see cref="GlobalEntry"/>: its SIP Network Load Balancer or its SBC pairs' Elastic IPs.</summary>
public sealed class GlobalEntryRegion
{
    /// <summary>The region name, for example <c>us-east-1</c>. Required.</summary>
    public required string Region { get; init; }

    /// <summary>The region's SIP load balancer. Exactly one of this and <see cref="Pairs"/>.</summary>
    /// <remarks>Default: none.</remarks>
    public INetworkLoadBalancer? LoadBalancer { get; init; }

    /// <summary>
    /// The region's SBC pairs (of this stack or imported with <see cref="SbcPair.FromSbcPairAttributes"/>), whose Elastic IPs
    /// become the endpoints. Exactly one of this and <see cref="LoadBalancer"/>.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ISbcPair>? Pairs { get; init; }

    /// <summary>Share of the region's traffic the accelerator sends, 0-100 percent (0 drains the region).</summary>
    /// <remarks>Default: 100.</remarks>
    public double? TrafficDialPercentage { get; init; }
}
