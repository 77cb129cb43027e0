using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using RtcOnAws.Constructs.Network;
using Xunit;

namespace RtcOnAws.Constructs.Tests;

[Collection(CdkCollection.Name)]
public sealed class ServiceEndpointTests(ConstructsFixture fixture)
{
    private const string Stack = ConstructsFixture.Foundation;

    [Fact]
    public void Created_vpc_reaches_s3_and_cloudwatch_without_nat_or_public_addresses()
    {
        var endpoints = fixture.App.Resources(Stack, "AWS::EC2::VPCEndpoint").ToList();
        // S3 and CloudWatch metrics, plus the pairs' log shipping and Session Manager endpoints.
        Assert.Equal(6, endpoints.Count);
        Assert.Equal(
            [".ec2messages", ".logs", ".monitoring", ".s3", ".ssm", ".ssmmessages"],
            endpoints.Select(e => "." + Compact(e.Properties.GetProperty("ServiceName")).Split('.').Last().TrimEnd(']', '}', '"')).Order(StringComparer.Ordinal));

        var s3 = Assert.Single(endpoints, e => e.Properties.GetProperty("VpcEndpointType").GetString() == "Gateway").Properties;
        Assert.EndsWith(".s3\"]]}", Compact(s3.GetProperty("ServiceName")), StringComparison.Ordinal);
        // Route tables of the edge (public) subnets, where the SBC nodes are.
        var publicRouteTables = fixture.Network.Vpc.PublicSubnets.Select(s => Amazon.CDK.Stack.Of(fixture.Network).Resolve(s.RouteTable.RouteTableId)).Select(r => JsonSerializer.Serialize(r)).Order().ToList();
        Assert.Equal(publicRouteTables, s3.GetProperty("RouteTableIds").EnumerateArray().Select(Compact).Order().ToList());

        var monitoring = Assert.Single(endpoints, e => e.Properties.GetProperty("ServiceName").GetRawText().Contains(".monitoring", StringComparison.Ordinal)).Properties;
        Assert.Contains(".monitoring", monitoring.GetProperty("ServiceName").GetRawText(), StringComparison.Ordinal);
        Assert.True(monitoring.GetProperty("PrivateDnsEnabled").GetBoolean());
        Assert.Equal(2, monitoring.GetProperty("SubnetIds").GetArrayLength());
    }

    [Fact]
    public void Interface_endpoint_admits_https_only_from_the_sbc_group()
    {
        var template = fixture.App.Template(Stack);
        var endpoint = fixture.Network.CloudWatchEndpoint ?? throw new InvalidOperationException("the default network must create the endpoint");
        var groupId = Amazon.CDK.Stack.Of(endpoint).GetLogicalId((CfnElement)endpoint.Connections.SecurityGroups.Single().Node.DefaultChild!);
        var group = fixture.App.Json[Stack].GetProperty("Resources").GetProperty(groupId).GetProperty("Properties");
        var inline = group.TryGetProperty("SecurityGroupIngress", out var rules) ? rules.EnumerateArray().ToList() : [];
        var ingress = Assert.Single(inline.Concat(
            fixture.App.Resources(Stack, "AWS::EC2::SecurityGroupIngress").Where(r => r.Properties.GetProperty("GroupId").GetRawText().Contains(groupId, StringComparison.Ordinal)).Select(r => r.Properties)));
        Assert.Equal(443, ingress.GetProperty("FromPort").GetInt32());
        Assert.Equal(443, ingress.GetProperty("ToPort").GetInt32());
        var sbcGroup = Amazon.CDK.Stack.Of(endpoint).GetLogicalId((CfnElement)fixture.Network.SbcSecurityGroup.Node.DefaultChild!);
        Assert.Contains(sbcGroup, ingress.GetProperty("SourceSecurityGroupId").GetRawText(), StringComparison.Ordinal);
        Assert.False(ingress.TryGetProperty("CidrIp", out _));
        template.HasResourceProperties("AWS::EC2::SecurityGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["GroupDescription"] = "RtcOnAws AWS service endpoints: HTTPS from SBCs only",
        }));
    }

    [Fact]
    public void Brought_vpc_and_opt_out_get_no_endpoints()
    {
        fixture.App.Template(ConstructsFixture.BringYourOwnVpc).ResourceCountIs("AWS::EC2::VPCEndpoint", 0);
        Assert.Null(fixture.ByoNetwork.S3Endpoint);

        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "OptOut");
        var network = new RtcNetwork(stack, "Network", new RtcNetworkProps { ServiceEndpoints = false });
        Template.FromStack(stack).ResourceCountIs("AWS::EC2::VPCEndpoint", 0);
        Assert.Null(network.CloudWatchEndpoint);
    }

    [Fact]
    public void Rejects_endpoints_for_a_brought_vpc()
    {
        var stack = new Amazon.CDK.Stack(SynthesizedApp.NewApp(), "Byo");
        var vpc = Vpc.FromVpcAttributes(stack, "Existing", new VpcAttributes
        {
            VpcId = "vpc-0123456789abcdef0",
            AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
            PublicSubnetIds = ["subnet-0000000000000000a", "subnet-0000000000000000b"],
            IsolatedSubnetIds = ["subnet-0000000000000000c", "subnet-0000000000000000d"],
        });
        ValidationAssert.FailsFor(() => new RtcNetwork(stack, "Network", new RtcNetworkProps { ExistingVpc = vpc, ServiceEndpoints = true }), "ServiceEndpoints");
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
