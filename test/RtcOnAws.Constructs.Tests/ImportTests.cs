using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.State;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>A network and a session store of one stack referenced from a second stack of the same app.</summary>
[Collection(CdkCollection.Name)]
public sealed class ImportTests
{
    [Fact]
    public void A_pair_in_a_second_stack_runs_on_the_first_stacks_network_and_store_through_their_importers()
    {
        var app = SynthesizedApp.NewApp();
        var shared = new Amazon.CDK.Stack(app, "Shared");
        var network = new RtcNetwork(shared, "Network");
        var store = new SessionStore(shared, "Store", new SessionStoreProps { Network = network });
        var consumer = new Amazon.CDK.Stack(app, "Consumer");
        var importedNetwork = RtcNetwork.FromNetworkAttributes(consumer, "Network", new RtcNetworkAttributes
        {
            Vpc = network.Vpc,
            SbcSecurityGroup = network.SbcSecurityGroup,
            SessionStoreSecurityGroup = network.SessionStoreSecurityGroup,
        });
        var importedStore = SessionStore.FromSessionStoreAttributes(consumer, "Store", new SessionStoreAttributes
        {
            Network = importedNetwork,
            PrimaryEndpointAddress = store.PrimaryEndpointAddress,
            PrimaryEndpointPort = store.PrimaryEndpointPort,
            AuthTokenSecret = store.AuthTokenSecret,
        });
        var pair = new SbcPair(consumer, "Pair", new SbcPairProps { Network = importedNetwork, SessionStore = importedStore, MediaNodeCode = Artifact(consumer) });

        var template = Template.FromStack(consumer);
        template.ResourceCountIs("AWS::EC2::VPC", 0);
        template.ResourceCountIs("AWS::EC2::VPCEndpoint", 0);
        template.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 0);
        var instances = template.FindResources("AWS::EC2::NetworkInterface");
        Assert.Equal(2, instances.Count);
        var json = JsonSerializer.Serialize(template.ToJSON());
        // Every reference to the shared stack's resources is a cross-stack import, not a copy.
        var sbcGroup = Stack.Of(network).GetLogicalId((CfnElement)network.SbcSecurityGroup.Node.DefaultChild!);
        var replicationGroup = Stack.Of(store).GetLogicalId(store.ReplicationGroup);
        Assert.Contains($"Fn::ImportValue\":\"Shared:ExportsOutputFnGetAtt{sbcGroup}GroupId", json, StringComparison.Ordinal);
        Assert.Contains($"Shared:ExportsOutputFnGetAtt{replicationGroup}PrimaryEndPointAddress", json, StringComparison.Ordinal);
        Assert.Contains($"Shared:ExportsOutputRef{Stack.Of(store).GetLogicalId((CfnElement)store.AuthTokenSecret.Node.DefaultChild!)}", json, StringComparison.Ordinal);
        Assert.True(pair.HighAvailability);
        Assert.Same(importedStore, pair.SessionStore);
    }

    [Fact]
    public void Literal_attributes_reach_the_nodes_security_group_subnets_and_redis_line()
    {
        var consumer = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Consumer");
        var network = LiteralNetwork(consumer, "Network");
        var store = SessionStore.FromSessionStoreAttributes(consumer, "Store", new SessionStoreAttributes
        {
            Network = network,
            PrimaryEndpointAddress = "master.calls.abc123.euc1.cache.amazonaws.com",
            AuthTokenSecret = Secret.FromSecretCompleteArn(consumer, "Token", "arn:aws:secretsmanager:eu-central-1:111111111111:secret:redis-token-AbCdEf"),
        });
        Assert.Equal("6379", store.PrimaryEndpointPort);
        Assert.Equal(SessionStore.DefaultKeyspaceEvents, store.KeyspaceEvents);
        Assert.Empty(network.PlacementGroups);
        new SbcPair(consumer, "Pair", new SbcPairProps { Network = network, SessionStore = store, MediaNodeCode = Artifact(consumer) });

        var template = Template.FromStack(consumer);
        template.AllResourcesProperties("AWS::EC2::NetworkInterface", Match.ObjectLike(new Dictionary<string, object>
        {
            ["SubnetId"] = "subnet-pub-a",
            ["GroupSet"] = new[] { "sg-0sbc" },
        }));
        var json = JsonSerializer.Serialize(template.ToJSON(), Unescaped);
        Assert.Contains("'master.calls.abc123.euc1.cache.amazonaws.com' '6379'", json, StringComparison.Ordinal);
        Assert.Contains("arn:aws:secretsmanager:eu-central-1:111111111111:secret:redis-token-AbCdEf", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_imported_on_a_separate_import_of_the_same_network_is_accepted_and_one_on_another_network_refused()
    {
        var consumer = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Consumer");
        var network = LiteralNetwork(consumer, "Network");
        var sameNetwork = LiteralNetwork(consumer, "SameNetwork");
        var otherNetwork = RtcNetwork.FromNetworkAttributes(consumer, "OtherNetwork", new RtcNetworkAttributes
        {
            Vpc = network.Vpc,
            SbcSecurityGroup = network.SbcSecurityGroup,
            SessionStoreSecurityGroup = SecurityGroup.FromSecurityGroupId(consumer, "OtherStoreGroup", "sg-0other"),
        });
        new SbcPair(consumer, "Pair", new SbcPairProps { Network = network, SessionStore = Store(consumer, "Store", sameNetwork), MediaNodeCode = Artifact(consumer) });

        var error = ValidationAssert.FailsFor(() => new SbcPair(consumer, "Refused", new SbcPairProps
        {
            Network = network, SessionStore = Store(consumer, "OtherStore", otherNetwork), MediaNodeCode = Artifact(consumer),
        }), nameof(SbcPairProps.SessionStore));
        Assert.Contains("belongs to another RtcNetwork", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_imported_store_without_the_standby_keyspace_events_cannot_serve_a_high_availability_pair()
    {
        var consumer = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Consumer");
        var network = LiteralNetwork(consumer, "Network");
        var store = Store(consumer, "Store", network, keyspaceEvents: "Kx");

        var error = ValidationAssert.FailsFor(() => new SbcPair(consumer, "Pair", new SbcPairProps
        {
            Network = network, SessionStore = store, MediaNodeCode = Artifact(consumer),
        }), nameof(SbcPairProps.SessionStore));
        Assert.Contains("'Kx', which lack '$g'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Importers_name_every_bad_attribute()
    {
        var consumer = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Consumer");
        var network = LiteralNetwork(consumer, "Network");
        ValidationAssert.FailsFor(() => RtcNetwork.FromNetworkAttributes(consumer, "Bad", new RtcNetworkAttributes
        {
            Vpc = network.Vpc,
            SbcSecurityGroup = null!,
            SessionStoreSecurityGroup = network.SessionStoreSecurityGroup,
            PlacementGroups = [PlacementGroup.FromPlacementGroupName(consumer, "OnlyOne", "rtc-a")],
            RedisPort = 70000,
        }), nameof(RtcNetworkAttributes.SbcSecurityGroup), nameof(RtcNetworkAttributes.PlacementGroups), nameof(RtcNetworkAttributes.RedisPort));
        ValidationAssert.FailsFor(() => SessionStore.FromSessionStoreAttributes(consumer, "BadStore", new SessionStoreAttributes
        {
            Network = network,
            PrimaryEndpointAddress = "",
            AuthTokenSecret = null!,
            KeyspaceEvents = "zz",
        }), nameof(SessionStoreAttributes.PrimaryEndpointAddress), nameof(SessionStoreAttributes.AuthTokenSecret), nameof(SessionStoreAttributes.KeyspaceEvents));
    }

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IRtcNetwork LiteralNetwork(Amazon.CDK.Stack stack, string id) =>
        RtcNetwork.FromNetworkAttributes(stack, id, new RtcNetworkAttributes
        {
            Vpc = Vpc.FromVpcAttributes(stack, $"{id}Vpc", new VpcAttributes
            {
                VpcId = "vpc-0rtc",
                AvailabilityZones = ["eu-central-1a", "eu-central-1b"],
                PublicSubnetIds = ["subnet-pub-a", "subnet-pub-b"],
                IsolatedSubnetIds = ["subnet-iso-a", "subnet-iso-b"],
            }),
            SbcSecurityGroup = SecurityGroup.FromSecurityGroupId(stack, $"{id}SbcGroup", "sg-0sbc"),
            SessionStoreSecurityGroup = SecurityGroup.FromSecurityGroupId(stack, $"{id}StoreGroup", "sg-0store"),
        });

    private static ISessionStore Store(Amazon.CDK.Stack stack, string id, IRtcNetwork network, string? keyspaceEvents = null) =>
        SessionStore.FromSessionStoreAttributes(stack, id, new SessionStoreAttributes
        {
            Network = network,
            PrimaryEndpointAddress = "master.calls.example.internal",
            AuthTokenSecret = Secret.FromSecretNameV2(stack, $"{id}Token", "redis-token"),
            KeyspaceEvents = keyspaceEvents,
        });

    private static MediaNodeArtifact Artifact(Amazon.CDK.Stack stack) =>
        MediaNodeArtifact.FromBucket(Bucket.FromBucketName(stack, $"Releases{stack.Node.Children.Length}", "releases-bucket"), "media-node/1.0.zip");
}
