namespace RtcOnAws.AwsSimulator.Ec2;

/// <summary>An instance as the simulator currently shows it.</summary>
public sealed record SimInstance(
    string InstanceId,
    string State,
    string AvailabilityZone,
    string SubnetId,
    string VpcId,
    string PrivateIpAddress,
    IReadOnlyList<string> NetworkInterfaceIds,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>A network interface as the simulator currently shows it (remaps not yet visible are not applied).</summary>
public sealed record SimNetworkInterface(
    string NetworkInterfaceId,
    string SubnetId,
    string AvailabilityZone,
    string MacAddress,
    string? InstanceId,
    int DeviceIndex,
    string PrimaryPrivateIpAddress,
    IReadOnlyList<string> SecondaryPrivateIpAddresses,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>An Elastic IP and its association.</summary>
public sealed record SimAddress(
    string AllocationId,
    string PublicIp,
    string? AssociationId,
    string? NetworkInterfaceId,
    string? PrivateIpAddress,
    string? InstanceId,
    IReadOnlyDictionary<string, string> Tags);
