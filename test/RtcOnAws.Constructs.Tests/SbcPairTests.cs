using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using Constructs;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class SbcPairTests(ConstructsFixture fixture)
{
    private const string Stack = ConstructsFixture.Foundation;

    private Template Foundation => fixture.App.Template(Stack);

    [Fact]
    public void Creates_two_instances_with_their_own_enis_per_pair()
    {
        Foundation.ResourceCountIs("AWS::EC2::Instance", 4);
        Foundation.ResourceCountIs("AWS::EC2::NetworkInterface", 4);
        foreach (var pair in new[] { fixture.SameAzPair, fixture.AcrossAzsPair })
        {
            foreach (var node in pair.Nodes)
            {
                var instance = Properties(node.Instance.Node.DefaultChild!);
                Assert.False(instance.TryGetProperty("SubnetId", out _));
                var eni = Assert.Single(instance.GetProperty("NetworkInterfaces").EnumerateArray());
                Assert.Equal("0", eni.GetProperty("DeviceIndex").GetString());
                Assert.Equal(LogicalId(node.NetworkInterface), eni.GetProperty("NetworkInterfaceId").GetProperty("Ref").GetString());
            }
        }
    }

    [Fact]
    public void Uses_c5n_large_encrypted_ebs_and_a_cluster_placement_group()
    {
        Foundation.AllResourcesProperties("AWS::EC2::Instance", Match.ObjectLike(new Dictionary<string, object>
        {
            ["InstanceType"] = "c5n.large",
            ["PlacementGroupName"] = Match.AnyValue(),
            ["BlockDeviceMappings"] = new object[]
            {
                Match.ObjectLike(new Dictionary<string, object> { ["Ebs"] = Match.ObjectLike(new Dictionary<string, object> { ["Encrypted"] = true }) }),
            },
        }));
    }

    [Fact]
    public void Requires_imdsv2_on_every_instance()
    {
        Foundation.ResourceCountIs("AWS::EC2::LaunchTemplate", 4);
        Foundation.AllResourcesProperties("AWS::EC2::LaunchTemplate", Match.ObjectLike(new Dictionary<string, object>
        {
            ["LaunchTemplateData"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["MetadataOptions"] = Match.ObjectLike(new Dictionary<string, object> { ["HttpTokens"] = "required" }),
            }),
        }));
    }

    [Fact]
    public void Associates_the_elastic_ip_with_the_secondary_private_ip_of_the_active_eni()
    {
        // Per pair: the floating Elastic IP plus one egress Elastic IP per node.
        Foundation.ResourceCountIs("AWS::EC2::EIP", 6);
        Foundation.ResourceCountIs("AWS::EC2::EIPAssociation", 6);
        var pair = fixture.SameAzPair;
        var association = Properties(pair.ElasticIpAssociation);
        var activeEni = LogicalId(pair.Active.NetworkInterface);
        Assert.Equal(activeEni, association.GetProperty("NetworkInterfaceId").GetProperty("Ref").GetString());
        Assert.Equal(LogicalId(pair.ElasticIp), association.GetProperty("AllocationId").GetProperty("Fn::GetAtt")[0].GetString());
        var select = association.GetProperty("PrivateIpAddress").GetProperty("Fn::Select");
        Assert.Equal(0, select[0].GetInt32());
        Assert.Equal(activeEni, select[1].GetProperty("Fn::GetAtt")[0].GetString());
        Assert.Equal("SecondaryPrivateIpAddresses", select[1].GetProperty("Fn::GetAtt")[1].GetString());
        Assert.Equal(1, Properties(pair.Active.NetworkInterface).GetProperty("SecondaryPrivateIpAddressCount").GetInt32());
    }

    [Fact]
    public void Same_az_pair_shares_one_subnet_and_only_the_active_holds_the_floating_ip()
    {
        var pair = fixture.SameAzPair;
        Assert.Equal(SbcPairPlacement.SameAz, pair.Placement);
        var active = Properties(pair.Active.NetworkInterface);
        var standby = Properties(pair.Standby.NetworkInterface);
        Assert.Equal(active.GetProperty("SubnetId").GetRawText(), standby.GetProperty("SubnetId").GetRawText());
        Assert.False(standby.TryGetProperty("SecondaryPrivateIpAddressCount", out _));
        Assert.Contains("ec2:AssignPrivateIpAddresses", RoleActions(pair));
        Assert.DoesNotContain("ec2:AssociateAddress", RoleActions(pair));
    }

    [Fact]
    public void Across_azs_pair_spans_two_subnets_and_moves_the_elastic_ip()
    {
        var pair = fixture.AcrossAzsPair;
        var active = Properties(pair.Active.NetworkInterface);
        var standby = Properties(pair.Standby.NetworkInterface);
        Assert.NotEqual(active.GetProperty("SubnetId").GetRawText(), standby.GetProperty("SubnetId").GetRawText());
        Assert.Equal(1, standby.GetProperty("SecondaryPrivateIpAddressCount").GetInt32());
        Assert.Contains("ec2:AssociateAddress", RoleActions(pair));
        Assert.DoesNotContain("ec2:AssignPrivateIpAddresses", RoleActions(pair));
    }

    [Fact]
    public void Role_scopes_address_moves_to_the_pairs_own_enis_and_tags_by_pair()
    {
        var statements = RoleStatements(fixture.SameAzPair).ToList();
        var move = Assert.Single(statements, s => Actions(s).Contains("ec2:AssignPrivateIpAddresses"));
        var resources = move.GetProperty("Resource").EnumerateArray().Select(r => r.GetRawText()).ToList();
        Assert.Equal(2, resources.Count);
        Assert.All(resources, r => Assert.Contains(":network-interface/", r, StringComparison.Ordinal));
        Assert.Contains(resources, r => r.Contains(LogicalId(fixture.SameAzPair.Active.NetworkInterface), StringComparison.Ordinal));
        Assert.Contains(resources, r => r.Contains(LogicalId(fixture.SameAzPair.Standby.NetworkInterface), StringComparison.Ordinal));

        var tagging = Assert.Single(statements, s => Actions(s).Contains("ec2:CreateTags"));
        Assert.Contains("aws:ResourceTag/rtconaws:pair", tagging.GetProperty("Condition").GetRawText(), StringComparison.Ordinal);
        var heartbeat = Assert.Single(statements, s => Actions(s).Contains("cloudwatch:PutMetricData"));
        Assert.Contains(MediaNodeHeartbeat.Namespace, heartbeat.GetProperty("Condition").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Instances_carry_the_tags_the_failover_function_reads()
    {
        var active = Properties(fixture.SameAzPair.Active.Instance.Node.DefaultChild!).GetProperty("Tags").GetRawText();
        Assert.Contains(SbcTags.PairTagKey, active, StringComparison.Ordinal);
        Assert.Contains(SbcTags.FloatingIpTagKey, active, StringComparison.Ordinal);
        var crossAz = Properties(fixture.AcrossAzsPair.Standby.Instance.Node.DefaultChild!).GetProperty("Tags").GetRawText();
        Assert.Contains(SbcTags.FloatingEipTagKey, crossAz, StringComparison.Ordinal);
    }

    [Fact]
    public void Alarms_on_status_checks_and_heartbeat_and_recovers_the_instance()
    {
        // Three alarms per node, four nodes.
        Foundation.ResourceCountIs("AWS::CloudWatch::Alarm", 12);
        Foundation.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Namespace"] = "AWS/EC2", ["MetricName"] = "StatusCheckFailed",
        }));
        Foundation.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Namespace"] = MediaNodeHeartbeat.Namespace,
            ["MetricName"] = MediaNodeHeartbeat.MetricName,
            ["Period"] = 10,
            ["ComparisonOperator"] = "LessThanThreshold",
            ["TreatMissingData"] = "breaching",
        }));
        var recovery = Properties(fixture.SameAzPair.Active.RecoveryAlarm.Node.DefaultChild!);
        Assert.Equal("StatusCheckFailed_System", recovery.GetProperty("MetricName").GetString());
        Assert.Contains(":ec2:recover", recovery.GetProperty("AlarmActions").GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("t2.micro")]
    [InlineData("m4.large")]
    [InlineData("c6g.large")]
    public void Rejects_instance_types_without_ena(string type)
    {
        var error = ValidationAssert.FailsFor(() => new SbcPair(NewNetwork(out var network), "Pair", new SbcPairProps
        {
            Network = network, InstanceType = new InstanceType(type),
        }), "InstanceType");
        Assert.Contains($"'{type}' is not an ENA", error.Message, StringComparison.Ordinal);
        Assert.Contains("c5n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_another_ena_instance_type()
    {
        var pair = new SbcPair(NewNetwork(out var network), "Pair", new SbcPairProps { Network = network, InstanceType = new InstanceType("c6in.xlarge") });
        Assert.Equal("c6in.xlarge", ((CfnInstance)pair.Active.Instance.Node.DefaultChild!).InstanceType);
    }

    [Fact]
    public void Rejects_bad_az_index_period_volume_and_evaluation_periods_together()
    {
        ValidationAssert.FailsFor(() => new SbcPair(NewNetwork(out var network), "Pair", new SbcPairProps
        {
            Network = network,
            AvailabilityZoneIndex = 2,
            HeartbeatPeriod = Duration.Seconds(15),
            RootVolumeSizeGiB = 4,
            HeartbeatEvaluationPeriods = 0,
        }), "AvailabilityZoneIndex", "HeartbeatPeriod", "RootVolumeSizeGiB", "HeartbeatEvaluationPeriods");
    }

    private static Stack NewNetwork(out RtcNetwork network)
    {
        var stack = new Stack(SynthesizedApp.NewApp(), "Validation");
        network = new RtcNetwork(stack, "Network");
        return stack;
    }

    private JsonElement Properties(IConstruct construct) =>
        fixture.App.Json[Stack].GetProperty("Resources").GetProperty(LogicalId(construct)).GetProperty("Properties");

    private static string LogicalId(IConstruct construct) =>
        Amazon.CDK.Stack.Of(construct).GetLogicalId((CfnElement)(construct is CfnElement ? construct : construct.Node.DefaultChild!));

    private IEnumerable<JsonElement> RoleStatements(SbcPair pair)
    {
        var roleId = LogicalId(pair.Role.Node.DefaultChild!);
        return fixture.App.Resources(Stack, "AWS::IAM::Policy")
            .Where(p => p.Properties.GetProperty("Roles").GetRawText().Contains(roleId, StringComparison.Ordinal))
            .SelectMany(p => p.Properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray());
    }

    private List<string> RoleActions(SbcPair pair) => RoleStatements(pair).SelectMany(Actions).ToList();

    private static IEnumerable<string> Actions(JsonElement statement)
    {
        var action = statement.GetProperty("Action");
        return action.ValueKind == JsonValueKind.Array ? action.EnumerateArray().Select(a => a.GetString()!) : [action.GetString()!];
    }
}
