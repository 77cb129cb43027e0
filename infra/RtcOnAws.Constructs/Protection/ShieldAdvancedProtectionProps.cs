namespace RtcOnAws.Constructs.Protection;

/// <summary>Props of <see cref="ShieldAdvancedProtection"/>.</summary>
public sealed class ShieldAdvancedProtectionProps
{
    /// <summary>
    /// ARNs of the resources to protect: Elastic IP allocations (<see cref="ShieldAdvancedProtection.ElasticIpArn"/>),
    /// load balancers, accelerators; at least one, each once. Required.
    /// </summary>
    public required IReadOnlyList<string> ResourceArns { get; init; }
}
