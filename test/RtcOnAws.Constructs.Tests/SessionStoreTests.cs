using Amazon.CDK;
using Amazon.CDK.Assertions;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.State;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class SessionStoreTests(ConstructsFixture fixture)
{
    private Template Foundation => fixture.App.Template(ConstructsFixture.Foundation);

    [Fact]
    public void Is_a_multi_az_encrypted_replication_group_with_automatic_failover()
    {
        Foundation.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
        Foundation.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Engine"] = "redis",
            ["MultiAZEnabled"] = true,
            ["AutomaticFailoverEnabled"] = true,
            ["TransitEncryptionEnabled"] = true,
            ["AtRestEncryptionEnabled"] = true,
            ["NumCacheClusters"] = 2,
            ["Port"] = 6379,
        }));
    }

    [Fact]
    public void Enables_keyspace_notifications_through_its_parameter_group()
    {
        Foundation.HasResourceProperties("AWS::ElastiCache::ParameterGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["CacheParameterGroupFamily"] = "redis7",
            ["Properties"] = new Dictionary<string, object> { ["notify-keyspace-events"] = "KA" },
        }));
    }

    [Fact]
    public void Lives_in_the_private_subnets_only()
    {
        var subnetIds = fixture.App.Resources(ConstructsFixture.Foundation, "AWS::ElastiCache::SubnetGroup").Single()
            .Properties.GetProperty("SubnetIds").EnumerateArray().Select(s => s.GetProperty("Ref").GetString()).ToList();
        var isolated = fixture.Network.Vpc.IsolatedSubnets
            .Select(s => Stack.Of(fixture.Network).GetLogicalId((CfnElement)s.Node.DefaultChild!)).ToList();
        Assert.Equal(isolated.Order(), subnetIds.Order());
    }

    [Fact]
    public void Exposes_its_endpoint()
    {
        Assert.True(Token.IsUnresolved(fixture.SessionStore.PrimaryEndpointAddress));
        var resolved = System.Text.Json.JsonSerializer.Serialize(Stack.Of(fixture.SessionStore).Resolve(fixture.SessionStore.PrimaryEndpointAddress));
        Assert.Contains("PrimaryEndPoint.Address", resolved, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_bad_node_type_count_version_and_keyspace_events()
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        var network = new RtcNetwork(stack, "Network");
        ValidationAssert.FailsFor(() => new SessionStore(stack, "Store", new SessionStoreProps
        {
            Network = network,
            CacheNodeType = "t4g.medium",
            NodeCount = 1,
            EngineVersion = "5.0",
            KeyspaceEvents = "gx",
        }), "CacheNodeType", "NodeCount", "EngineVersion", "KeyspaceEvents");
    }
}
