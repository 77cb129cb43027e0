using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>
/// AWSSDK.EC2's <see cref="AmazonEC2Client"/> (what the functions and media-node use) against the simulator: every EC2
/// operation RtcOnAws calls, answers and errors as the SDK parses them, with the simulator recomputing its SigV4 signatures.
/// </summary>
public sealed class Ec2SdkTests : IAsyncLifetime
{
    private AwsWireSimulator _sim = null!;
    private AmazonEC2Client _ec2 = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync();
        _ec2 = TestClients.Ec2(_sim);
        _sim.Ec2.AddSubnet("subnet-aaa", "us-east-1a", "10.0.1.0/24");
        _sim.Ec2.AddSubnet("subnet-bbb", "us-east-1b", "10.0.2.0/24");
    }

    public async Task DisposeAsync()
    {
        _ec2.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task AssignPrivateIpAddresses_moves_the_address_once_the_remap_completes_and_the_eip_follows()
    {
        var active = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var standby = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11");
        var (activeEni, standbyEni) = (active.NetworkInterfaceIds[0], standby.NetworkInterfaceIds[0]);
        _sim.Ec2.AddSecondaryPrivateIp(activeEni, "10.0.1.50");
        var allocation = _sim.Ec2.AllocateAddress("203.0.113.5");
        _sim.Ec2.AssociateAddress(allocation, activeEni, "10.0.1.50");
        _sim.Ec2.RemapDelay = TimeSpan.FromHours(1);

        var response = await _ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
        {
            NetworkInterfaceId = standbyEni,
            PrivateIpAddresses = ["10.0.1.50"],
            AllowReassignment = true,
        });

        Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        Assert.False(string.IsNullOrEmpty(response.ResponseMetadata.RequestId));
        Assert.Equal(standbyEni, response.NetworkInterfaceId);
        Assert.Equal("10.0.1.50", Assert.Single(response.AssignedPrivateIpAddresses).PrivateIpAddress);
        Assert.Equal(activeEni, await OwnerAsync("10.0.1.50"));
        _sim.Ec2.CompletePendingRemaps();
        Assert.Equal(standbyEni, await OwnerAsync("10.0.1.50"));
        var eip = (await _ec2.DescribeAddressesAsync(new DescribeAddressesRequest { AllocationIds = [allocation] })).Addresses.Single();
        Assert.Equal(standbyEni, eip.NetworkInterfaceId);
        Assert.Equal(standby.InstanceId, eip.InstanceId);
        Assert.Equal("10.0.1.50", eip.PrivateIpAddress);
    }

    [Fact]
    public async Task AssignPrivateIpAddresses_of_a_held_address_without_reassignment_maps_code_and_request_id()
    {
        var active = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var standby = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11");
        _sim.Ec2.AddSecondaryPrivateIp(active.NetworkInterfaceIds[0], "10.0.1.50");

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
        {
            NetworkInterfaceId = standby.NetworkInterfaceIds[0],
            PrivateIpAddresses = ["10.0.1.50"],
        }));

        Assert.Equal("PrivateIpAddressInUse", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(ErrorType.Unknown, error.ErrorType);
        Assert.Contains("10.0.1.50", error.Message);
        var call = Assert.Single(_sim.AwsCalls);
        Assert.Equal("PrivateIpAddressInUse", call.ErrorCode);
        Assert.Matches("^[0-9a-f-]{36}$", error.RequestId);
    }

    [Fact]
    public async Task UnassignPrivateIpAddresses_removes_the_address()
    {
        var node = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        _sim.Ec2.AddSecondaryPrivateIp(node.NetworkInterfaceIds[0], "10.0.1.60");

        await _ec2.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest
        {
            NetworkInterfaceId = node.NetworkInterfaceIds[0],
            PrivateIpAddresses = ["10.0.1.60"],
        });

        Assert.Empty(_sim.Ec2.GetNetworkInterface(node.NetworkInterfaceIds[0]).SecondaryPrivateIpAddresses);
    }

    [Fact]
    public async Task AssociateAddress_across_AZs_needs_AllowReassociation_and_DisassociateAddress_releases()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var b = _sim.Ec2.AddInstance("subnet-bbb", "10.0.2.10");
        var allocation = _sim.Ec2.AllocateAddress("203.0.113.9");
        _sim.Ec2.AssociateAddress(allocation, a.NetworkInterfaceIds[0]);
        var request = new AssociateAddressRequest { AllocationId = allocation, NetworkInterfaceId = b.NetworkInterfaceIds[0], PrivateIpAddress = "10.0.2.10" };

        var refused = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.AssociateAddressAsync(request));
        request.AllowReassociation = true;
        var moved = await _ec2.AssociateAddressAsync(request);

        Assert.Equal("Resource.AlreadyAssociated", refused.ErrorCode);
        Assert.StartsWith("eipassoc-", moved.AssociationId);
        var address = _sim.Ec2.GetAddress(allocation);
        Assert.Equal((b.NetworkInterfaceIds[0], "10.0.2.10", moved.AssociationId), (address.NetworkInterfaceId, address.PrivateIpAddress, address.AssociationId));

        await _ec2.DisassociateAddressAsync(new DisassociateAddressRequest { AssociationId = moved.AssociationId });
        Assert.Null(_sim.Ec2.GetAddress(allocation).NetworkInterfaceId);
        var missing = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.DisassociateAddressAsync(new DisassociateAddressRequest { AssociationId = moved.AssociationId }));
        Assert.Equal("InvalidAssociationID.NotFound", missing.ErrorCode);
    }

    [Fact]
    public async Task AssociateAddress_by_instance_id_targets_the_primary_interface()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var allocation = _sim.Ec2.AllocateAddress("203.0.113.10");

        await _ec2.AssociateAddressAsync(new AssociateAddressRequest { AllocationId = allocation, InstanceId = a.InstanceId });

        Assert.Equal((a.NetworkInterfaceIds[0], "10.0.1.10"), (_sim.Ec2.GetAddress(allocation).NetworkInterfaceId, _sim.Ec2.GetAddress(allocation).PrivateIpAddress));
    }

    [Fact]
    public async Task DescribeAddresses_filters_by_tag_and_reports_the_association()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var mine = _sim.Ec2.AllocateAddress("203.0.113.11", new Dictionary<string, string> { ["rtconaws:pair"] = "edge" });
        _sim.Ec2.AllocateAddress("203.0.113.12", new Dictionary<string, string> { ["rtconaws:pair"] = "other" });
        var associationId = _sim.Ec2.AssociateAddress(mine, a.NetworkInterfaceIds[0]);

        var response = await _ec2.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = [new Filter("tag:rtconaws:pair", ["edge"])] });

        var address = Assert.Single(response.Addresses);
        Assert.Equal((mine, "203.0.113.11", associationId, a.InstanceId, a.NetworkInterfaceIds[0], "10.0.1.10", "vpc"),
            (address.AllocationId, address.PublicIp, address.AssociationId, address.InstanceId, address.NetworkInterfaceId, address.PrivateIpAddress, address.Domain.Value));
        Assert.Equal("edge", Assert.Single(address.Tags).Value);
    }

    [Fact]
    public async Task DescribeNetworkInterfaces_reports_attachment_addresses_and_eip_association()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var secondEni = _sim.Ec2.AddNetworkInterface("subnet-aaa", "10.0.1.20", a.InstanceId, deviceIndex: 1);
        _sim.Ec2.AddSecondaryPrivateIp(secondEni, "10.0.1.21");
        var allocation = _sim.Ec2.AllocateAddress("203.0.113.13");
        _sim.Ec2.AssociateAddress(allocation, secondEni, "10.0.1.21");
        _sim.Ec2.SetTag(secondEni, "role", "media");

        var response = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [new Filter("attachment.instance-id", [a.InstanceId]), new Filter("tag:role", ["media"])],
        });

        var eni = Assert.Single(response.NetworkInterfaces);
        Assert.Equal((secondEni, "subnet-aaa", "us-east-1a", "10.0.1.20", "in-use"), (eni.NetworkInterfaceId, eni.SubnetId, eni.AvailabilityZone, eni.PrivateIpAddress, eni.Status.Value));
        Assert.Equal((a.InstanceId, 1), (eni.Attachment!.InstanceId, eni.Attachment.DeviceIndex!.Value));
        Assert.Equal(_sim.Ec2.GetNetworkInterface(secondEni).MacAddress, eni.MacAddress);
        Assert.Equal(["10.0.1.20", "10.0.1.21"], eni.PrivateIpAddresses.Select(ip => ip.PrivateIpAddress));
        Assert.Equal([true, false], eni.PrivateIpAddresses.Select(ip => ip.Primary!.Value));
        Assert.Null(eni.PrivateIpAddresses[0].Association);
        Assert.Equal(("203.0.113.13", allocation), (eni.PrivateIpAddresses[1].Association!.PublicIp, eni.PrivateIpAddresses[1].Association!.AllocationId));
        Assert.Equal("media", Assert.Single(eni.TagSet).Value);
    }

    [Fact]
    public async Task DescribeInstances_filters_by_tags_and_state_and_pages_with_NextToken()
    {
        var pair = new Dictionary<string, string> { ["rtconaws:pair"] = "edge" };
        var running = Enumerable.Range(0, 6).Select(i => _sim.Ec2.AddInstance("subnet-aaa", $"10.0.1.{30 + i}", pair).InstanceId).ToList();
        _sim.Ec2.AddInstance("subnet-bbb", "10.0.2.30", pair, state: "stopped");
        _sim.Ec2.AddInstance("subnet-bbb", "10.0.2.31", new Dictionary<string, string> { ["rtconaws:pair"] = "other" });
        var request = new DescribeInstancesRequest
        {
            Filters = [new Filter("tag:rtconaws:pair", ["edge"]), new Filter("instance-state-name", ["running", "pending"])],
            MaxResults = 5,
        };

        var seen = new List<Instance>();
        var pages = 0;
        do
        {
            var page = await _ec2.DescribeInstancesAsync(request);
            seen.AddRange(page.Reservations.SelectMany(r => r.Instances));
            request.NextToken = page.NextToken;
            pages++;
        }
        while (request.NextToken is not null);

        Assert.Equal(2, pages);
        Assert.Equal(running, seen.Select(i => i.InstanceId));
        var first = seen[0];
        Assert.Equal(("running", 16, "us-east-1a", "subnet-aaa", "10.0.1.30"), (first.State!.Name.Value, first.State.Code!.Value, first.Placement!.AvailabilityZone, first.SubnetId, first.PrivateIpAddress));
        Assert.Equal("edge", first.Tags.Single(t => t.Key == "rtconaws:pair").Value);
        var eni = Assert.Single(first.NetworkInterfaces);
        Assert.Equal((_sim.Ec2.GetInstance(first.InstanceId!).NetworkInterfaceIds[0], 0), (eni.NetworkInterfaceId, eni.Attachment!.DeviceIndex!.Value));
        Assert.NotNull(first.LaunchTime);
    }

    [Fact]
    public async Task Filters_accept_EC2_wildcards_and_tag_key_filters()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10", new Dictionary<string, string> { ["Name"] = "sbc-edge-a" });
        _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11", new Dictionary<string, string> { ["Name"] = "db-1" });
        _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.12");

        var wildcard = await _ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("tag:Name", ["sbc-*-?"])] });
        var tagged = await _ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("tag-key", ["Name"])] });

        Assert.Equal([a.InstanceId], wildcard.Reservations.SelectMany(r => r.Instances).Select(i => i.InstanceId));
        Assert.Equal(2, tagged.Reservations.SelectMany(r => r.Instances).Count());
    }

    [Fact]
    public async Task CreateTags_overwrites_and_adds_tags_visible_in_DescribeInstances()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10", new Dictionary<string, string> { ["rtconaws:pair"] = "edge", ["rtconaws:last-failover"] = "old" });
        var b = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11");

        await _ec2.CreateTagsAsync(new CreateTagsRequest
        {
            Resources = [a.InstanceId, b.InstanceId],
            Tags = [new Tag { Key = "rtconaws:last-failover", Value = "2026-01-01T12:00:00Z" }, new Tag { Key = "rtconaws:owner", Value = b.InstanceId }],
        });
        var unknown = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.CreateTagsAsync(new CreateTagsRequest
        {
            Resources = ["i-0000000000000dead"], Tags = [new Tag { Key = "k", Value = "v" }],
        }));

        var described = (await _ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [a.InstanceId] })).Reservations.Single().Instances.Single();
        Assert.Equal("2026-01-01T12:00:00Z", described.Tags.Single(t => t.Key == "rtconaws:last-failover").Value);
        Assert.Equal("edge", described.Tags.Single(t => t.Key == "rtconaws:pair").Value);
        Assert.Equal(b.InstanceId, _sim.Ec2.GetInstance(b.InstanceId).Tags["rtconaws:owner"]);
        Assert.Equal("InvalidInstanceID.NotFound", unknown.ErrorCode);
    }

    [Fact]
    public async Task Unknown_ids_and_invalid_filters_map_to_their_error_codes()
    {
        var unknownInstance = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = ["i-0000000000000dead"] }));
        var badFilter = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter("no-such-filter", ["x"])] }));

        Assert.Equal("InvalidInstanceID.NotFound", unknownInstance.ErrorCode);
        Assert.Equal("InvalidParameterValue", badFilter.ErrorCode);
        Assert.NotEqual(unknownInstance.RequestId, badFilter.RequestId);
    }

    private async Task<string?> OwnerAsync(string privateIp)
    {
        var response = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [new Filter("addresses.private-ip-address", [privateIp])],
        });
        return response.NetworkInterfaces?.SingleOrDefault()?.NetworkInterfaceId;
    }
}
