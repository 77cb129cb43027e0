namespace RtcOnAws.MediaNode.Drill.Tests;

/// <summary>SBC pairs in network namespaces run one at a time (each is two Kamailios, two media nodes, Redis and SIPp on 2 cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SbcCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "sbc pairs";
}
