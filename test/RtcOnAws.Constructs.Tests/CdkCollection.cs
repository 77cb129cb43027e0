using Xunit;

// The jsii runtime behind CDK is one Node.js process per test process and is not safe to initialise from
// several threads, so CDK tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace RtcOnAws.Constructs.Tests;

/// <summary>Shares each synthesized app across every test class that asserts on it (one synth each per run).</summary>
[CollectionDefinition(Name)]
public sealed class CdkCollection : ICollectionFixture<ConstructsFixture>, ICollectionFixture<DefaultAppFixture>, ICollectionFixture<EdgeFixture>, ICollectionFixture<TwoRegionAppFixture>
{
    public const string Name = "CDK";
}
