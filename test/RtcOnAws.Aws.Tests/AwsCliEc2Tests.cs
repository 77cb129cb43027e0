using System.Text.Json;
using RtcOnAws.AwsSimulator;
using Xunit;

namespace RtcOnAws.Aws.Tests;

/// <summary>The real AWS CLI v2 drives the simulator's EC2 API: proves request parameters and response XML match the wire format.</summary>
public sealed class AwsCliEc2Tests : IAsyncLifetime
{
    private AwsWireSimulator _sim = null!;
    private AwsCli _cli = null!;

    public async Task InitializeAsync()
    {
        _sim = await TestSimulator.StartAsync();
        _cli = new AwsCli(_sim);
        _sim.Ec2.AddSubnet("subnet-aaa", "us-east-1a", "10.0.1.0/24");
        _sim.Ec2.AddSubnet("subnet-bbb", "us-east-1b", "10.0.2.0/24");
    }

    public async Task DisposeAsync()
    {
        _cli.Dispose();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task DescribeInstances_with_tag_and_state_filters_returns_the_matching_instance_with_its_interfaces()
    {
        var node = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10", new Dictionary<string, string> { ["rtconaws:pair"] = "edge", ["Name"] = "sbc-a" });
        _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11", new Dictionary<string, string> { ["rtconaws:pair"] = "other" });
        var stopped = _sim.Ec2.AddInstance("subnet-bbb", "10.0.2.10", new Dictionary<string, string> { ["rtconaws:pair"] = "edge" }, state: "stopped");
        _sim.Ec2.AddSecondaryPrivateIp(node.NetworkInterfaceIds[0], "10.0.1.100");

        var output = await _cli.RunAsync("ec2", "describe-instances",
            "--filters", "Name=tag:rtconaws:pair,Values=edge", "Name=instance-state-name,Values=running");

        var instances = output!.Value.GetProperty("Reservations").EnumerateArray()
            .SelectMany(r => r.GetProperty("Instances").EnumerateArray()).ToList();
        var instance = Assert.Single(instances);
        Assert.Equal(node.InstanceId, instance.GetProperty("InstanceId").GetString());
        Assert.Equal("running", instance.GetProperty("State").GetProperty("Name").GetString());
        Assert.Equal(16, instance.GetProperty("State").GetProperty("Code").GetInt32());
        Assert.Equal("us-east-1a", instance.GetProperty("Placement").GetProperty("AvailabilityZone").GetString());
        Assert.Equal("10.0.1.10", instance.GetProperty("PrivateIpAddress").GetString());
        Assert.Contains(instance.GetProperty("Tags").EnumerateArray(), t => t.GetProperty("Key").GetString() == "Name" && t.GetProperty("Value").GetString() == "sbc-a");
        var eni = Assert.Single(instance.GetProperty("NetworkInterfaces").EnumerateArray());
        Assert.Equal(node.NetworkInterfaceIds[0], eni.GetProperty("NetworkInterfaceId").GetString());
        Assert.Equal(0, eni.GetProperty("Attachment").GetProperty("DeviceIndex").GetInt32());
        Assert.Equal(["10.0.1.10", "10.0.1.100"], eni.GetProperty("PrivateIpAddresses").EnumerateArray().Select(ip => ip.GetProperty("PrivateIpAddress").GetString()));
        Assert.DoesNotContain(instances, i => i.GetProperty("InstanceId").GetString() == stopped.InstanceId);
    }

    [Fact]
    public async Task AssignPrivateIpAddresses_with_allow_reassignment_shows_the_old_owner_until_the_remap_completes()
    {
        var active = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var standby = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11");
        var activeEni = active.NetworkInterfaceIds[0];
        var standbyEni = standby.NetworkInterfaceIds[0];
        _sim.Ec2.AddSecondaryPrivateIp(activeEni, "10.0.1.50");
        _sim.Ec2.RemapDelay = TimeSpan.FromHours(1);

        var assigned = await _cli.RunAsync("ec2", "assign-private-ip-addresses",
            "--network-interface-id", standbyEni, "--private-ip-addresses", "10.0.1.50", "--allow-reassignment");

        Assert.Equal(standbyEni, assigned!.Value.GetProperty("NetworkInterfaceId").GetString());
        Assert.Equal("10.0.1.50", assigned.Value.GetProperty("AssignedPrivateIpAddresses")[0].GetProperty("PrivateIpAddress").GetString());
        var during = await _cli.RunAsync("ec2", "describe-network-interfaces", "--filters", "Name=addresses.private-ip-address,Values=10.0.1.50");
        var owner = Assert.Single(during!.Value.GetProperty("NetworkInterfaces").EnumerateArray());
        Assert.Equal(activeEni, owner.GetProperty("NetworkInterfaceId").GetString());
        Assert.True(_sim.Ec2.IsRemapPending("10.0.1.50"));

        _sim.Ec2.CompletePendingRemaps();
        var after = await _cli.RunAsync("ec2", "describe-network-interfaces", "--network-interface-ids", standbyEni);
        var ips = after!.Value.GetProperty("NetworkInterfaces")[0].GetProperty("PrivateIpAddresses").EnumerateArray()
            .Select(ip => ip.GetProperty("PrivateIpAddress").GetString());
        Assert.Contains("10.0.1.50", ips);
    }

    [Fact]
    public async Task AssignPrivateIpAddresses_without_allow_reassignment_is_refused_with_the_error_code()
    {
        var active = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var standby = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.11");
        _sim.Ec2.AddSecondaryPrivateIp(active.NetworkInterfaceIds[0], "10.0.1.50");

        var (exitCode, _, stderr) = await _cli.RunRawAsync("ec2", "assign-private-ip-addresses",
            "--network-interface-id", standby.NetworkInterfaceIds[0], "--private-ip-addresses", "10.0.1.50");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("PrivateIpAddressInUse", stderr);
        Assert.Equal(active.NetworkInterfaceIds[0], _sim.Ec2.OwnerOfPrivateIp("10.0.1.50"));
    }

    [Fact]
    public async Task AssociateAddress_DescribeAddresses_and_DisassociateAddress_round_trip()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var b = _sim.Ec2.AddInstance("subnet-bbb", "10.0.2.10");
        var allocation = _sim.Ec2.AllocateAddress("203.0.113.7", new Dictionary<string, string> { ["rtconaws:pair"] = "edge" });
        _sim.Ec2.AssociateAddress(allocation, a.NetworkInterfaceIds[0]);

        var associated = await _cli.RunAsync("ec2", "associate-address", "--allocation-id", allocation,
            "--network-interface-id", b.NetworkInterfaceIds[0], "--private-ip-address", "10.0.2.10", "--allow-reassociation");
        var associationId = associated!.Value.GetProperty("AssociationId").GetString();

        Assert.StartsWith("eipassoc-", associationId);
        var described = await _cli.RunAsync("ec2", "describe-addresses", "--filters", "Name=tag:rtconaws:pair,Values=edge");
        var address = Assert.Single(described!.Value.GetProperty("Addresses").EnumerateArray());
        Assert.Equal("203.0.113.7", address.GetProperty("PublicIp").GetString());
        Assert.Equal(b.InstanceId, address.GetProperty("InstanceId").GetString());
        Assert.Equal(b.NetworkInterfaceIds[0], address.GetProperty("NetworkInterfaceId").GetString());
        Assert.Equal("10.0.2.10", address.GetProperty("PrivateIpAddress").GetString());
        Assert.Equal(associationId, address.GetProperty("AssociationId").GetString());
        Assert.Equal("vpc", address.GetProperty("Domain").GetString());

        await _cli.RunAsync("ec2", "disassociate-address", "--association-id", associationId!);
        Assert.Null(_sim.Ec2.GetAddress(allocation).AssociationId);
    }

    [Fact]
    public async Task AssociateAddress_to_an_associated_eip_without_allow_reassociation_fails()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        var b = _sim.Ec2.AddInstance("subnet-bbb", "10.0.2.10");
        var allocation = _sim.Ec2.AllocateAddress("203.0.113.8");
        _sim.Ec2.AssociateAddress(allocation, a.NetworkInterfaceIds[0]);

        var (exitCode, _, stderr) = await _cli.RunRawAsync("ec2", "associate-address", "--allocation-id", allocation, "--instance-id", b.InstanceId);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Resource.AlreadyAssociated", stderr);
        Assert.Equal(a.NetworkInterfaceIds[0], _sim.Ec2.GetAddress(allocation).NetworkInterfaceId);
    }

    [Fact]
    public async Task UnassignPrivateIpAddresses_removes_the_address_and_unknown_interfaces_are_reported()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");
        _sim.Ec2.AddSecondaryPrivateIp(a.NetworkInterfaceIds[0], "10.0.1.60");

        await _cli.RunAsync("ec2", "unassign-private-ip-addresses", "--network-interface-id", a.NetworkInterfaceIds[0], "--private-ip-addresses", "10.0.1.60");
        var (exitCode, _, stderr) = await _cli.RunRawAsync("ec2", "describe-network-interfaces", "--network-interface-ids", "eni-0000000000000dead");

        Assert.Null(_sim.Ec2.OwnerOfPrivateIp("10.0.1.60"));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("InvalidNetworkInterfaceID.NotFound", stderr);
    }

    [Fact]
    public async Task CreateTags_sets_instance_tags()
    {
        var a = _sim.Ec2.AddInstance("subnet-aaa", "10.0.1.10");

        await _cli.RunAsync("ec2", "create-tags", "--resources", a.InstanceId, "--tags", "Key=rtconaws:last-failover,Value=2026-01-01T12:00:00Z", "Key=Name,Value=sbc-a");

        Assert.Equal("2026-01-01T12:00:00Z", _sim.Ec2.GetInstance(a.InstanceId).Tags["rtconaws:last-failover"]);
        Assert.Equal("sbc-a", _sim.Ec2.GetInstance(a.InstanceId).Tags["Name"]);
    }

    [Fact]
    public async Task DescribeInstances_paginates_through_every_instance()
    {
        var ids = Enumerable.Range(0, 7).Select(i => _sim.Ec2.AddInstance("subnet-aaa", $"10.0.1.{20 + i}").InstanceId).ToList();

        // The CLI follows NextToken itself; a page size of 5 forces two pages.
        var output = await _cli.RunAsync("ec2", "describe-instances", "--page-size", "5");

        var seen = output!.Value.GetProperty("Reservations").EnumerateArray()
            .SelectMany(r => r.GetProperty("Instances").EnumerateArray()).Select(i => i.GetProperty("InstanceId").GetString()).ToList();
        Assert.Equal(ids.Order(), seen.Order());
        Assert.True(_sim.AwsCalls.Count(c => c.Action == "DescribeInstances") >= 2, "the CLI must have fetched at least two pages");
    }
}
