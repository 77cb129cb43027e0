namespace RtcOnAws.Failover.Ec2;

/// <summary>
/// Where a floating address goes: onto <see cref="NetworkInterfaceId"/> as <see cref="PrivateIpAddress"/>. In one subnet
/// the private address itself moves; across subnets the Elastic IP <see cref="AllocationId"/> is re-pointed at the
/// target's own <see cref="PrivateIpAddress"/>.
/// </summary>
public sealed record AddressMove
{
    /// <summary>Creates a move; a cross-subnet move needs the Elastic IP's allocation id.</summary>
    public AddressMove(MoveScope scope, string networkInterfaceId, string privateIpAddress, string? allocationId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkInterfaceId);
        ArgumentException.ThrowIfNullOrEmpty(privateIpAddress);
        if (scope == MoveScope.CrossSubnet && string.IsNullOrEmpty(allocationId))
        {
            throw new ArgumentException("a cross-subnet move re-points an Elastic IP and needs its allocation id", nameof(allocationId));
        }

        Scope = scope;
        NetworkInterfaceId = networkInterfaceId;
        PrivateIpAddress = privateIpAddress;
        AllocationId = allocationId;
    }

    /// <summary>Same subnet (AssignPrivateIpAddresses) or across subnets (AssociateAddress).</summary>
    public MoveScope Scope { get; }

    /// <summary>The interface that receives the address.</summary>
    public string NetworkInterfaceId { get; }

    /// <summary>The floating private address (same subnet) or the target's private address the Elastic IP maps to.</summary>
    public string PrivateIpAddress { get; }

    /// <summary>The Elastic IP that moves across subnets; null in one subnet.</summary>
    public string? AllocationId { get; }

    /// <inheritdoc />
    public override string ToString() => Scope == MoveScope.SameSubnet
        ? $"{PrivateIpAddress} to {NetworkInterfaceId}"
        : $"{AllocationId} to {NetworkInterfaceId} ({PrivateIpAddress})";
}
