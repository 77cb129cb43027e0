using RtcOnAws.Aws.EC2;
using RtcOnAws.Aws.EC2.Model;
using RtcOnAws.Failover;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>
/// Carries out a move the policy decided, with the EC2 mechanism that fits its scope, and waits until EC2 shows
/// the address on the new owner (the remap is asynchronous). The wait is bounded by the invocation's deadline.
/// </summary>
internal sealed class AddressMover(IAmazonEC2 ec2, TimeSpan pollInterval, TimeProvider time)
{
    /// <summary>Issues the move; returns a task that completes once the move is visible.</summary>
    public async Task<Func<CancellationToken, Task<TimeSpan>>> StartAsync(PairState pair, PairMember target, MoveScope scope, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var eni = target.PrimaryInterface?.NetworkInterfaceId
            ?? throw new InvalidOperationException($"instance {target.InstanceId} has no network interface to receive the floating address");

        if (scope == MoveScope.SameSubnet)
        {
            var address = pair.FloatingIp
                ?? throw new InvalidOperationException($"pair {pair.Name} is in one subnet but has no {PairTags.FloatingIp} tag naming its floating private address");
            await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
            {
                NetworkInterfaceId = eni,
                PrivateIpAddresses = [address],
                AllowReassignment = true,
            }, cancellationToken).ConfigureAwait(false);
            return ct => WaitAsync(started, () => PrivateIpVisibleAsync(eni, address, ct), ct);
        }

        var allocationId = pair.FloatingEipAllocationId
            ?? throw new InvalidOperationException($"pair {pair.Name} spans subnets but has no {PairTags.FloatingEip} tag naming its Elastic IP allocation");
        // A node of a cross-AZ pair keeps a secondary address of its own for the Elastic IP (the VIP its relay binds);
        // without one the Elastic IP maps to the primary address.
        var privateIp = target.PrimaryInterface.PrivateIpAddresses.FirstOrDefault(p => p.Primary == false)?.PrivateIpAddress
            ?? target.PrimaryInterface.PrivateIpAddress
            ?? target.Instance.PrivateIpAddress
            ?? throw new InvalidOperationException($"instance {target.InstanceId} has no private address for the Elastic IP");
        await ec2.AssociateAddressAsync(new AssociateAddressRequest
        {
            AllocationId = allocationId,
            NetworkInterfaceId = eni,
            PrivateIpAddress = privateIp,
            AllowReassociation = true,
        }, cancellationToken).ConfigureAwait(false);
        return ct => WaitAsync(started, () => ElasticIpVisibleAsync(allocationId, eni, privateIp, ct), ct);
    }

    private async Task<TimeSpan> WaitAsync(long started, Func<Task<bool>> visible, CancellationToken cancellationToken)
    {
        while (!await visible().ConfigureAwait(false))
        {
            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        return time.GetElapsedTime(started);
    }

    private async Task<bool> PrivateIpVisibleAsync(string eni, string address, CancellationToken cancellationToken)
    {
        var response = await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eni] }, cancellationToken).ConfigureAwait(false);
        return response.NetworkInterfaces.Any(n => n.NetworkInterfaceId == eni && n.PrivateIpAddresses.Any(p => p.PrivateIpAddress == address));
    }

    private async Task<bool> ElasticIpVisibleAsync(string allocationId, string eni, string privateIp, CancellationToken cancellationToken)
    {
        var response = await ec2.DescribeAddressesAsync(new DescribeAddressesRequest { AllocationIds = [allocationId] }, cancellationToken).ConfigureAwait(false);
        return response.Addresses.Any(a => a.AllocationId == allocationId && a.NetworkInterfaceId == eni && a.PrivateIpAddress == privateIp);
    }
}
