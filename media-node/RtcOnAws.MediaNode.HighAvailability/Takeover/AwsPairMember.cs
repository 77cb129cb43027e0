namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>One instance of an HA pair as the AWS takeover needs to know it.</summary>
/// <param name="InstanceId">Instance id.</param>
/// <param name="AvailabilityZone">Availability Zone.</param>
/// <param name="SubnetId">Subnet of its primary network interface.</param>
/// <param name="NetworkInterfaceId">Its primary network interface (ENI).</param>
/// <param name="MacAddress">That interface's MAC address (lower case, colon separated), which names it in the OS.</param>
/// <param name="PrivateIpAddress">Its primary private IPv4 address (where its heartbeats go).</param>
public sealed record AwsPairMember(
    string InstanceId,
    string AvailabilityZone,
    string SubnetId,
    string NetworkInterfaceId,
    string MacAddress,
    string PrivateIpAddress);
