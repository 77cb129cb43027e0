using RtcOnAws.Failover;
using RtcOnAws.Failover.Ec2;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>A pair as found in EC2: its members, its floating addresses and who holds them.</summary>
internal sealed record PairState(
    string Name,
    IReadOnlyList<PairMember> Members,
    string? FloatingIp,
    string? FloatingEipAllocationId,
    string? OwnerInstanceId,
    DateTimeOffset? LastMoveAt)
{
    public PairMember? Member(string? instanceId) => Members.FirstOrDefault(m => m.InstanceId == instanceId);

    /// <summary>
    /// The move that gives this pair's floating address to <paramref name="target"/>: the floating private address in one
    /// subnet; across subnets the Elastic IP, mapped to the target's own secondary address (the VIP its relay binds) or,
    /// without one, its primary address.
    /// </summary>
    public AddressMove MoveTo(PairMember target, MoveScope scope)
    {
        var eni = target.PrimaryInterface?.NetworkInterfaceId
            ?? throw new InvalidOperationException($"instance {target.InstanceId} has no network interface to receive the floating address");
        if (scope == MoveScope.SameSubnet)
        {
            return new AddressMove(scope, eni, FloatingIp
                ?? throw new InvalidOperationException($"pair {Name} is in one subnet but has no {PairTags.FloatingIp} tag naming its floating private address"));
        }

        var allocationId = FloatingEipAllocationId
            ?? throw new InvalidOperationException($"pair {Name} spans subnets but has no {PairTags.FloatingEip} tag naming its Elastic IP allocation");
        var privateIp = (target.PrimaryInterface.PrivateIpAddresses ?? []).FirstOrDefault(p => p.Primary == false)?.PrivateIpAddress
            ?? target.PrimaryInterface.PrivateIpAddress
            ?? target.Instance.PrivateIpAddress
            ?? throw new InvalidOperationException($"instance {target.InstanceId} has no private address for the Elastic IP");
        return new AddressMove(scope, eni, privateIp, allocationId);
    }
}
