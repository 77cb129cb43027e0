using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Constructs;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Failover;
using RtcOnAws.Constructs.Global;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Operations;
using RtcOnAws.Constructs.Sbc;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

/// <summary>An SBC pair of one stack referenced from other stacks through <see cref="SbcPair.FromSbcPairAttributes"/>.</summary>
[Collection(CdkCollection.Name)]
public sealed class PairImportTests
{
    [Fact]
    public void A_pair_imported_into_a_second_stack_feeds_its_load_balancer_failover_operations_and_the_global_entry()
    {
        using var app = new SynthesizedApp(app =>
        {
            var shared = new Amazon.CDK.Stack(app, "Shared");
            var network = new RtcNetwork(shared, "Network");
            var pair = new SbcPair(shared, "Pair", new SbcPairProps { Network = network });
            var consumer = new Amazon.CDK.Stack(app, "Consumer");
            var importedNetwork = RtcNetwork.FromNetworkAttributes(consumer, "Network", new RtcNetworkAttributes
            {
                Vpc = network.Vpc,
                SbcSecurityGroup = network.SbcSecurityGroup,
                SessionStoreSecurityGroup = network.SessionStoreSecurityGroup,
            });
            var imported = SbcPair.FromSbcPairAttributes(consumer, "Pair", AttributesOf(pair));
            _ = new SipLoadBalancer(consumer, "Sip", new SipLoadBalancerProps { Network = importedNetwork, Pairs = [imported], TlsListener = false });
            var failover = new FailoverAutomation(consumer, "Failover", new FailoverAutomationProps { Pairs = [imported] });
            _ = new RtcOperations(consumer, "Operations", new RtcOperationsProps { Pairs = [imported], Failover = failover });
            var global = new Amazon.CDK.Stack(app, "Global");
            _ = new GlobalEntry(global, "Entry", new GlobalEntryProps
            {
                Regions = [new GlobalEntryRegion { Region = "eu-west-1", Pairs = [SbcPair.FromSbcPairAttributes(global, "Pair", AttributesOf(pair))] }],
            });
            return [shared, consumer, global];
        });

        var shared = app.Stack("Shared");
        var pairConstruct = (SbcPair)shared.Node.FindChild("Pair");
        string Export(IConstruct resource, string attribute) =>
            $"Shared:ExportsOutput{attribute}{shared.GetLogicalId((CfnElement)resource)}";
        var template = app.Template("Consumer");
        template.ResourceCountIs("AWS::EC2::Instance", 0);
        template.ResourceCountIs("AWS::EC2::NetworkInterface", 0);
        template.ResourceCountIs("AWS::EC2::EIP", 0);

        // The load balancer targets the floating address the other stack exports.
        var targets = Assert.Single(app.Resources("Consumer", "AWS::ElasticLoadBalancingV2::TargetGroup")).Properties.GetProperty("Targets").GetRawText();
        Assert.Contains(Export(pairConstruct.Active.NetworkInterface, "FnGetAtt") + "SecondaryPrivateIpAddresses", targets, StringComparison.Ordinal);

        // The failover function may move the address on exactly the pair's two ENIs and tag only its instances.
        var statements = IamStatements.In(app.Json["Consumer"]).Select(s => s.GetRawText()).ToList();
        var move = Assert.Single(statements, s => s.Contains("ec2:AssignPrivateIpAddresses", StringComparison.Ordinal));
        foreach (var node in pairConstruct.Nodes)
        {
            Assert.Contains(Export(node.NetworkInterface, "Ref"), move, StringComparison.Ordinal);
        }
        var tagging = Assert.Single(statements, s => s.Contains("ec2:CreateTags", StringComparison.Ordinal));
        Assert.Contains(pairConstruct.PairId, tagging, StringComparison.Ordinal);

        // Its rules listen to the pair's alarms and instances.
        var rules = app.Resources("Consumer", "AWS::Events::Rule").Select(r => r.Properties.GetProperty("EventPattern").GetRawText()).ToList();
        Assert.Contains(rules, r => r.Contains(Export(pairConstruct.Active.HeartbeatAlarm.Node.DefaultChild!, "FnGetAtt"), StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Contains(Export(pairConstruct.Standby.Instance.Node.DefaultChild!, "Ref"), StringComparison.Ordinal));

        // Operations pages on each imported node's heartbeat and status checks with alarms of its own.
        var alarms = app.Resources("Consumer", "AWS::CloudWatch::Alarm").Select(a => a.Properties.GetRawText()).ToList();
        foreach (var node in pairConstruct.Nodes)
        {
            var instance = Export(node.Instance.Node.DefaultChild!, "Ref");
            Assert.Single(alarms, a => a.Contains("\"Heartbeat\"", StringComparison.Ordinal) && a.Contains(instance, StringComparison.Ordinal) && a.Contains("AlarmActions", StringComparison.Ordinal));
            Assert.Single(alarms, a => a.Contains("\"StatusCheckFailed\"", StringComparison.Ordinal) && a.Contains(instance, StringComparison.Ordinal) && a.Contains("AlarmActions", StringComparison.Ordinal));
        }

        // The accelerator's endpoint is the pair's Elastic IP allocation.
        var groups = app.Resources("Global", "AWS::GlobalAccelerator::EndpointGroup").Select(g => g.Properties.GetProperty("EndpointConfigurations").GetRawText()).ToList();
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Contains(Export(pairConstruct.ElasticIp, "FnGetAtt") + "AllocationId", g, StringComparison.Ordinal));
    }

    [Fact]
    public void A_cross_az_pair_imported_from_literals_gives_the_load_balancer_both_addresses_and_failover_its_elastic_ip()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Consumer");
        var network = RtcNetwork.FromNetworkAttributes(stack, "Network", new RtcNetworkAttributes
        {
            Vpc = Amazon.CDK.AWS.EC2.Vpc.FromVpcAttributes(stack, "Vpc", new Amazon.CDK.AWS.EC2.VpcAttributes
            {
                VpcId = "vpc-0rtc",
                VpcCidrBlock = "10.0.0.0/16",
                AvailabilityZones = ["eu-central-1a", "eu-central-1b"],
                PublicSubnetIds = ["subnet-pub-a", "subnet-pub-b"],
            }),
            SbcSecurityGroup = Amazon.CDK.AWS.EC2.SecurityGroup.FromSecurityGroupId(stack, "SbcGroup", "sg-0sbc"),
            SessionStoreSecurityGroup = Amazon.CDK.AWS.EC2.SecurityGroup.FromSecurityGroupId(stack, "StoreGroup", "sg-0store"),
        });
        var pair = LiteralPairs.Import(stack, "Pair", SbcPairPlacement.AcrossAzs);
        _ = new SipLoadBalancer(stack, "Sip", new SipLoadBalancerProps { Network = network, Pairs = [pair], TlsListener = false });
        _ = new FailoverAutomation(stack, "Failover", new FailoverAutomationProps { Pairs = [pair] });

        var template = Template.FromStack(stack);
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Targets"] = new object[]
            {
                new Dictionary<string, object> { ["Id"] = "10.0.0.10", ["Port"] = 5060 },
                new Dictionary<string, object> { ["Id"] = "10.0.1.10", ["Port"] = 5060 },
            },
        }));
        var json = JsonSerializer.Serialize(template.ToJSON());
        var move = Assert.Single(IamStatements.In(JsonDocument.Parse(json).RootElement), s => IamStatements.Actions(s).Contains("ec2:AssociateAddress")).GetRawText();
        Assert.Contains($"elastic-ip/{LiteralPairs.AllocationId}", move, StringComparison.Ordinal);
        Assert.Contains($"network-interface/{LiteralPairs.ActiveEni}", move, StringComparison.Ordinal);
        Assert.Contains($"network-interface/{LiteralPairs.StandbyEni}", move, StringComparison.Ordinal);
        // Without failover alarms the function still follows both instances' state changes.
        template.ResourceCountIs("AWS::Events::Rule", 1);
        Assert.Contains(LiteralPairs.StandbyInstance, json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_importer_names_every_bad_attribute()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Consumer");
        var good = LiteralPairs.Import(stack, "Good");
        ValidationAssert.FailsFor(() => SbcPair.FromSbcPairAttributes(stack, "Bad", new SbcPairAttributes
        {
            PairId = "",
            Placement = SbcPairPlacement.AcrossAzs,
            AvailabilityZone = good.AvailabilityZone,
            Nodes = [new SbcNodeAttributes { InstanceId = "i-0only", NetworkInterfaceId = "eni-0only" }],
            SecurityGroup = null!,
            FloatingPrivateIps = ["10.0.0.10"],
            ElasticIpAddress = good.ElasticIpAddress,
            ElasticIpAllocationId = "",
            HighAvailability = true,
            FailoverAlarms = [Amazon.CDK.AWS.CloudWatch.Alarm.FromAlarmArn(stack, "Alarm", "arn:aws:cloudwatch:eu-central-1:111111111111:alarm:x")],
            HeartbeatPeriod = Duration.Seconds(15),
            HeartbeatEvaluationPeriods = 11,
        }), nameof(SbcPairAttributes.PairId), nameof(SbcPairAttributes.Nodes), nameof(SbcPairAttributes.SecurityGroup), nameof(SbcPairAttributes.FloatingPrivateIps),
            nameof(SbcPairAttributes.ElasticIpAllocationId), nameof(SbcPairAttributes.FailoverAlarms), nameof(SbcPairAttributes.HeartbeatPeriod),
            nameof(SbcPairAttributes.HeartbeatEvaluationPeriods));
    }

    private static SbcPairAttributes AttributesOf(SbcPair pair) => new()
    {
        PairId = pair.PairId,
        Placement = pair.Placement,
        AvailabilityZone = pair.AvailabilityZone,
        Nodes = [.. pair.Nodes.Select(node => new SbcNodeAttributes { InstanceId = node.InstanceId, NetworkInterfaceId = node.NetworkInterfaceId })],
        SecurityGroup = pair.SecurityGroup,
        FloatingPrivateIps = pair.FloatingPrivateIps,
        ElasticIpAddress = pair.ElasticIpAddress,
        ElasticIpAllocationId = pair.ElasticIpAllocationId,
        HighAvailability = pair.HighAvailability,
        FailoverAlarms = pair.FailoverAlarms,
    };
}
