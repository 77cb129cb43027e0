namespace RtcOnAws.Failover;

/// <summary>How far the floating address has to travel; the environment maps it to a mechanism.</summary>
public enum MoveScope
{
    /// <summary>Both nodes share a subnet: re-home the private address (AWS AssignPrivateIpAddresses, on-prem ip addr + gratuitous ARP).</summary>
    SameSubnet,

    /// <summary>The nodes sit in different subnets (e.g. across AZs): re-point the public address (AWS AssociateAddress).</summary>
    CrossSubnet,
}
