namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>Where the floating address lives on AWS and who the two nodes are.</summary>
/// <param name="NodeId">Our instance id.</param>
/// <param name="SubnetId">Our subnet.</param>
/// <param name="AvailabilityZone">Our availability zone.</param>
/// <param name="PeerNodeId">The peer's instance id.</param>
/// <param name="PeerSubnetId">The peer's subnet; equal to ours means a same-subnet (secondary private IP) move.</param>
/// <param name="PeerAvailabilityZone">The peer's availability zone.</param>
/// <param name="NetworkInterfaceId">Our interface that receives the address.</param>
/// <param name="PrivateIpAddress">
/// Same subnet: the floating secondary private IP to reassign to us. Across subnets: our private IP the Elastic IP maps to.
/// </param>
/// <param name="AllocationId">The Elastic IP's allocation id; needed across subnets.</param>
/// <param name="ConfirmTimeout">How long to poll until EC2 reports the address on our interface.</param>
public sealed record AwsTakeoverOptions(
    string NodeId,
    string SubnetId,
    string AvailabilityZone,
    string PeerNodeId,
    string PeerSubnetId,
    string PeerAvailabilityZone,
    string NetworkInterfaceId,
    string PrivateIpAddress,
    string? AllocationId,
    TimeSpan ConfirmTimeout);
