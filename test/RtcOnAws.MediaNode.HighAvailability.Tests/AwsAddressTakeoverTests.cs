using Amazon.EC2;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.AwsSimulator;
using RtcOnAws.Failover;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>The AWS takeover against the AWS wire simulator (real SigV4-signed EC2 Query API calls over HTTP).</summary>
public sealed class AwsAddressTakeoverTests : IAsyncLifetime
{
    private AwsWireSimulator _simulator = null!;
    private AmazonEC2Client _ec2 = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorEc2.StartAsync();
        _ec2 = SimulatorEc2.Client(_simulator);
    }

    public async Task DisposeAsync()
    {
        _ec2.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task In_one_subnet_the_secondary_private_ip_is_reassigned_and_the_remap_confirmed()
    {
        var ec2 = _simulator.Ec2;
        var active = ec2.AddInstance("subnet-a", "10.0.1.11", availabilityZone: "us-east-1a");
        var standby = ec2.AddInstance("subnet-a", "10.0.1.12", availabilityZone: "us-east-1a");
        ec2.AddSecondaryPrivateIp(active.NetworkInterfaceIds[0], "10.0.1.100");
        ec2.RemapDelay = TimeSpan.FromMilliseconds(400);
        var takeover = new AwsAddressTakeover(_ec2, Options(standby, active, "10.0.1.100", allocationId: null), TimeProvider.System, new TestLogger());

        Assert.Equal(MoveScope.SameSubnet, takeover.Scope);
        await takeover.AcquireAsync(CancellationToken.None);

        Assert.Equal(standby.NetworkInterfaceIds[0], ec2.OwnerOfPrivateIp("10.0.1.100"));
        Assert.False(ec2.IsRemapPending("10.0.1.100"), "AcquireAsync returns only once EC2 shows the address on our interface");
        Assert.Contains(_simulator.AwsCalls, c => c.Action == "AssignPrivateIpAddresses");
        Assert.Contains(_simulator.AwsCalls, c => c.Action == "DescribeNetworkInterfaces");
    }

    [Fact]
    public async Task Across_subnets_the_elastic_ip_is_reassociated_to_our_private_ip()
    {
        var ec2 = _simulator.Ec2;
        var active = ec2.AddInstance("subnet-a", "10.0.1.11", availabilityZone: "us-east-1a");
        var standby = ec2.AddInstance("subnet-b", "10.0.2.12", availabilityZone: "us-east-1b");
        var allocation = ec2.AllocateAddress("203.0.113.10");
        ec2.AssociateAddress(allocation, active.NetworkInterfaceIds[0], "10.0.1.11");
        var takeover = new AwsAddressTakeover(_ec2, Options(standby, active, "10.0.2.12", allocation), TimeProvider.System, new TestLogger());

        Assert.Equal(MoveScope.CrossSubnet, takeover.Scope);
        await takeover.AcquireAsync(CancellationToken.None);

        var address = ec2.GetAddress(allocation);
        Assert.Equal(standby.NetworkInterfaceIds[0], address.NetworkInterfaceId);
        Assert.Equal("10.0.2.12", address.PrivateIpAddress);
        Assert.Contains(_simulator.AwsCalls, c => c.Action == "AssociateAddress");
    }

    [Fact]
    public async Task A_remap_that_never_shows_fails_the_takeover_once_the_confirm_timeout_passes()
    {
        var ec2 = _simulator.Ec2;
        var active = ec2.AddInstance("subnet-a", "10.0.1.11", availabilityZone: "us-east-1a");
        var standby = ec2.AddInstance("subnet-a", "10.0.1.12", availabilityZone: "us-east-1a");
        ec2.AddSecondaryPrivateIp(active.NetworkInterfaceIds[0], "10.0.1.100");
        ec2.RemapDelay = TimeSpan.FromDays(1);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var takeover = new AwsAddressTakeover(_ec2, Options(standby, active, "10.0.1.100", allocationId: null), clock, new TestLogger());

        var acquiring = takeover.AcquireAsync(CancellationToken.None);
        await _simulator.WaitForCallAsync(c => c.Action == "DescribeNetworkInterfaces");
        Assert.False(acquiring.IsCompleted, "the takeover keeps polling while the remap is pending");
        clock.Advance(TimeSpan.FromSeconds(20));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => acquiring);
        Assert.Contains($"EC2 did not show the floating address on {standby.NetworkInterfaceIds[0]} within 20 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Across_subnets_an_allocation_id_is_required()
    {
        var ec2 = _simulator.Ec2;
        var active = ec2.AddInstance("subnet-a", "10.0.1.11", availabilityZone: "us-east-1a");
        var standby = ec2.AddInstance("subnet-b", "10.0.2.12", availabilityZone: "us-east-1b");

        var error = Assert.Throws<ArgumentException>(() => new AwsAddressTakeover(_ec2, Options(standby, active, "10.0.2.12", allocationId: null), TimeProvider.System, new TestLogger()));

        Assert.Contains("--ha-aws-allocation-id", error.Message, StringComparison.Ordinal);
        Assert.Empty(_simulator.AwsCalls);
    }

    private static AwsTakeoverOptions Options(RtcOnAws.AwsSimulator.Ec2.SimInstance self, RtcOnAws.AwsSimulator.Ec2.SimInstance peer, string privateIp, string? allocationId) => new(
        self.InstanceId,
        self.SubnetId,
        self.AvailabilityZone,
        peer.InstanceId,
        peer.SubnetId,
        peer.AvailabilityZone,
        self.NetworkInterfaceIds[0],
        privateIp,
        allocationId,
        TimeSpan.FromSeconds(20));
}
