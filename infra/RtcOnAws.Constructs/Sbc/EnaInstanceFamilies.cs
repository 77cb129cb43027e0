namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// The x86_64 EC2 instance families with the Elastic Network Adapter (enhanced networking), the only ones
/// accepted for SBC nodes: media relaying lives on packet rate, and the relay is published for linux-x64.
/// </summary>
public static class EnaInstanceFamilies
{
    /// <summary>Accepted families, for example <c>c5n</c> of <c>c5n.large</c>.</summary>
    public static IReadOnlySet<string> All { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        "c5", "c5a", "c5ad", "c5d", "c5n", "c6a", "c6i", "c6id", "c6in", "c7a", "c7i", "c7i-flex",
        "m5", "m5a", "m5ad", "m5d", "m5dn", "m5n", "m5zn", "m6a", "m6i", "m6id", "m6idn", "m6in", "m7a", "m7i", "m7i-flex",
        "r5", "r5a", "r5ad", "r5b", "r5d", "r5dn", "r5n", "r6a", "r6i", "r6id", "r6idn", "r6in", "r7a", "r7i", "r7iz",
        "t3", "t3a", "z1d",
    };

    /// <summary>Whether the instance type name (for example <c>c5n.large</c>) belongs to an ENA family.</summary>
    /// <param name="instanceTypeName">An EC2 instance type name.</param>
    public static bool Contains(string instanceTypeName)
    {
        var dot = instanceTypeName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && All.Contains(instanceTypeName[..dot]);
    }
}
