namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>Tests that start HA pairs in network namespaces run one at a time (they are CPU-heavy on 2 cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NamespaceCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "network namespaces";
}
