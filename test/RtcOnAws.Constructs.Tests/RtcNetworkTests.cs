using RtcOnAws.Sbc.Contracts;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using RtcOnAws.Constructs.Network;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class RtcNetworkTests(ConstructsFixture fixture)
{
    private Template Foundation => fixture.App.Template(ConstructsFixture.Foundation);

    [Fact]
    public void Creates_a_vpc_over_two_azs_with_public_and_isolated_subnets_and_no_nat()
    {
        Foundation.ResourceCountIs("AWS::EC2::VPC", 1);
        Foundation.ResourceCountIs("AWS::EC2::Subnet", 4);
        Foundation.ResourceCountIs("AWS::EC2::NatGateway", 0);
        Assert.Equal(2, fixture.Network.Vpc.AvailabilityZones.Length);
        Assert.Equal(2, fixture.Network.Vpc.PublicSubnets.Length);
        Assert.Equal(2, fixture.Network.Vpc.IsolatedSubnets.Length);
    }

    [Fact]
    public void Creates_one_cluster_placement_group_per_az()
    {
        Foundation.ResourceCountIs("AWS::EC2::PlacementGroup", 2);
        Foundation.AllResourcesProperties("AWS::EC2::PlacementGroup", new Dictionary<string, object> { ["Strategy"] = "cluster" });
        Assert.Equal(2, fixture.Network.PlacementGroups.Count);
    }

    [Theory]
    [InlineData("udp", 5060, 5060)]
    [InlineData("tcp", 5060, 5060)]
    [InlineData("tcp", 5061, 5061)]
    [InlineData("udp", 30000, 40000)]
    public void Opens_sip_tls_and_the_default_rtp_range_to_the_world(string protocol, int from, int to)
    {
        Assert.Contains(IngressRules(ConstructsFixture.Foundation), rule =>
            rule.Protocol == protocol && rule.From == from && rule.To == to && rule.Cidr == "0.0.0.0/0");
    }

    [Fact]
    public void Ng_control_port_is_admitted_by_no_rule_and_dmq_only_from_the_sbc_group_itself()
    {
        // ng control stays on each node's loopback, between its own Kamailio and media node.
        Assert.DoesNotContain(IngressRules(ConstructsFixture.Foundation), r => r.From <= 2223 && r.To >= 2223);
        var dmqRule = Assert.Single(IngressRules(ConstructsFixture.Foundation), r => r.From <= SbcPorts.Dmq && r.To >= SbcPorts.Dmq);
        Assert.Equal(("udp", (string?)null), (dmqRule.Protocol, dmqRule.Cidr));
        Assert.Equal(dmqRule.GroupLogicalId, dmqRule.SourceGroupLogicalId);
        Assert.Equal(Stack.Of(fixture.Network).GetLogicalId((CfnElement)fixture.Network.SbcSecurityGroup.Node.DefaultChild!), dmqRule.GroupLogicalId);
    }

    [Fact]
    public void Peer_heartbeats_are_reachable_only_from_the_sbc_group_itself()
    {
        var rule = Assert.Single(IngressRules(ConstructsFixture.Foundation), r => r.From <= 7000 && r.To >= 7000);
        Assert.Equal(("udp", (string?)null), (rule.Protocol, rule.Cidr));
        Assert.Equal(rule.GroupLogicalId, rule.SourceGroupLogicalId);
    }

    [Fact]
    public void Redis_is_reachable_only_from_the_sbc_group()
    {
        var stack = Stack.Of(fixture.Network);
        var storeGroup = stack.GetLogicalId((CfnElement)fixture.Network.SessionStoreSecurityGroup.Node.DefaultChild!);
        var sbcGroup = stack.GetLogicalId((CfnElement)fixture.Network.SbcSecurityGroup.Node.DefaultChild!);
        var storeRules = IngressRules(ConstructsFixture.Foundation).Where(r => r.GroupLogicalId == storeGroup).ToList();
        var redis = Assert.Single(storeRules);
        Assert.Equal(("tcp", 6379, 6379, sbcGroup), (redis.Protocol, redis.From, redis.To, redis.SourceGroupLogicalId));
        Assert.Null(redis.Cidr);
    }

    [Fact]
    public void No_rule_opens_anything_but_sip_tls_and_rtp_to_the_internet()
    {
        var open = IngressRules(ConstructsFixture.Foundation).Where(r => r.Cidr is "0.0.0.0/0" or "::/0").Select(r => (r.From, r.To)).Distinct().Order();
        Assert.Equal([(5060, 5060), (5061, 5061), (30000, 40000)], open);
    }

    [Fact]
    public void Brings_its_own_vpc_and_honours_cidrs_and_port_range()
    {
        var byo = fixture.App.Template(ConstructsFixture.BringYourOwnVpc);
        byo.ResourceCountIs("AWS::EC2::VPC", 0);
        byo.ResourceCountIs("AWS::EC2::PlacementGroup", 2);
        Assert.Same(fixture.ExistingVpc, fixture.ByoNetwork.Vpc);
        var rules = IngressRules(ConstructsFixture.BringYourOwnVpc).ToList();
        Assert.Contains(rules, r => r.Protocol == "udp" && r.From == 20000 && r.To == 20999 && r.Cidr == "198.51.100.0/24");
        Assert.DoesNotContain(rules, r => r.Cidr == "0.0.0.0/0");
    }

    [Fact]
    public void Rejects_fewer_than_two_azs()
    {
        ValidationAssert.FailsFor(() => new RtcNetwork(NewStack(), "Network", new RtcNetworkProps { MaxAzs = 1 }), "MaxAzs");
    }

    [Fact]
    public void Rejects_vpc_props_with_fewer_than_two_azs()
    {
        ValidationAssert.FailsFor(() => new RtcNetwork(NewStack(), "Network", new RtcNetworkProps { VpcProps = new VpcProps { MaxAzs = 1 } }), "VpcProps.MaxAzs");
    }

    [Fact]
    public void Rejects_an_existing_vpc_in_one_az()
    {
        var stack = NewStack();
        var vpc = Vpc.FromVpcAttributes(stack, "OneAz", new VpcAttributes
        {
            VpcId = "vpc-1", AvailabilityZones = ["eu-west-1a"], PublicSubnetIds = ["subnet-a"], IsolatedSubnetIds = ["subnet-b"],
        });
        var error = ValidationAssert.FailsFor(() => new RtcNetwork(stack, "Network", new RtcNetworkProps { ExistingVpc = vpc }), "ExistingVpc");
        Assert.Contains("at least 2 availability zones", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_both_an_existing_vpc_and_vpc_props()
    {
        var stack = NewStack();
        var vpc = Vpc.FromVpcAttributes(stack, "Existing", new VpcAttributes
        {
            VpcId = "vpc-1", AvailabilityZones = ["eu-west-1a", "eu-west-1b"], PublicSubnetIds = ["subnet-a", "subnet-b"], IsolatedSubnetIds = ["subnet-c", "subnet-d"],
        });
        var error = ValidationAssert.FailsFor(() => new RtcNetwork(stack, "Network", new RtcNetworkProps { ExistingVpc = vpc, VpcProps = new VpcProps() }), "VpcProps");
        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_inverted_rtp_range()
    {
        var error = ValidationAssert.FailsFor(() => new RtcNetwork(NewStack(), "Network", new RtcNetworkProps { RtpPortRange = new PortRange(40000, 30000) }), "RtpPortRange");
        Assert.Contains("inverted", error.Message, StringComparison.Ordinal);
        Assert.Contains("1024 <= From <= To <= 65535", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80, 1000)]
    [InlineData(30000, 70000)]
    [InlineData(30000.5, 30010)]
    public void Rejects_an_out_of_range_rtp_range(double from, double to)
    {
        var error = ValidationAssert.FailsFor(() => new RtcNetwork(NewStack(), "Network", new RtcNetworkProps { RtpPortRange = new PortRange(from, to) }), "RtpPortRange");
        Assert.Contains("out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skips_unresolved_tokens_in_the_rtp_range()
    {
        var stack = NewStack();
        var from = new CfnParameter(stack, "RtpFrom", new CfnParameterProps { Type = "Number" }).ValueAsNumber;
        var network = new RtcNetwork(stack, "Network", new RtcNetworkProps { RtpPortRange = new PortRange(from, 40000) });
        Assert.True(Token.IsUnresolved(network.RtpPortRange.From));
    }

    [Fact]
    public void Rejects_bad_cidrs_and_ports_and_reports_every_error_at_once()
    {
        var error = ValidationAssert.FailsFor(
            () => new RtcNetwork(NewStack(), "Network", new RtcNetworkProps
            {
                MaxAzs = 1,
                SipSourceCidrs = ["not-a-cidr"],
                RtpSourceCidrs = [],
                RtpPortRange = new PortRange(50000, 40000),
                NgControlPort = 0,
                PeerHeartbeatPort = 1.5,
                RedisPort = 70000,
            }),
            "MaxAzs", "SipSourceCidrs", "RtpSourceCidrs", "RtpPortRange", "NgControlPort", "PeerHeartbeatPort", "RedisPort");
        Assert.Contains("RtcNetwork 'Network' (7 errors)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'not-a-cidr' is not a CIDR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_vpc_props_without_a_private_subnet_group()
    {
        ValidationAssert.FailsFor(
            () => new RtcNetwork(NewStack(), "Network", new RtcNetworkProps
            {
                VpcProps = new VpcProps { SubnetConfiguration = [new SubnetConfiguration { Name = "Edge", SubnetType = SubnetType.PUBLIC }] },
            }),
            "VpcProps.SubnetConfiguration");
    }

    [Fact]
    public void Invalid_props_leave_nothing_in_the_tree()
    {
        var stack = NewStack();
        Assert.ThrowsAny<ArgumentException>(() => new RtcNetwork(stack, "Network", new RtcNetworkProps { MaxAzs = 1 }));
        Assert.Null(stack.Node.TryFindChild("Network"));
    }

    private static Stack NewStack() => new(SynthesizedApp.NewApp(), "Validation");

    private sealed record IngressRule(string GroupLogicalId, string Protocol, int From, int To, string? Cidr, string? SourceGroupLogicalId);

    /// <summary>Inline and standalone ingress rules of every security group in the stack.</summary>
    private IEnumerable<IngressRule> IngressRules(string stackName)
    {
        foreach (var (id, properties) in fixture.App.Resources(stackName, "AWS::EC2::SecurityGroup"))
        {
            if (properties.TryGetProperty("SecurityGroupIngress", out var inline))
            {
                foreach (var rule in inline.EnumerateArray())
                {
                    yield return Rule(id, rule);
                }
            }
        }
        foreach (var (_, rule) in fixture.App.Resources(stackName, "AWS::EC2::SecurityGroupIngress"))
        {
            yield return Rule(LogicalIdOf(rule.GetProperty("GroupId")), rule);
        }
    }

    private static IngressRule Rule(string groupId, JsonElement rule) => new(
        groupId,
        rule.GetProperty("IpProtocol").GetString()!,
        rule.GetProperty("FromPort").GetInt32(),
        rule.GetProperty("ToPort").GetInt32(),
        rule.TryGetProperty("CidrIp", out var cidr) ? cidr.GetString() : rule.TryGetProperty("CidrIpv6", out var cidr6) ? cidr6.GetString() : null,
        rule.TryGetProperty("SourceSecurityGroupId", out var source) ? LogicalIdOf(source) : null);

    private static string LogicalIdOf(JsonElement getAtt) => getAtt.GetProperty("Fn::GetAtt")[0].GetString()!;
}
