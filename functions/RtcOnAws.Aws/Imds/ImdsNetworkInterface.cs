namespace RtcOnAws.Aws.Imds;

/// <summary>A network interface of this instance as IMDS reports it (meta-data/network/interfaces/macs/MAC/...).</summary>
/// <param name="MacAddress">MAC address, the key IMDS lists interfaces by.</param>
/// <param name="NetworkInterfaceId">ENI id (interface-id).</param>
/// <param name="DeviceNumber">Device number (0 = primary interface).</param>
/// <param name="SubnetId">Subnet (subnet-id).</param>
/// <param name="PrivateIpAddresses">Private IPv4 addresses (local-ipv4s), primary first.</param>
public sealed record ImdsNetworkInterface(
    string MacAddress,
    string NetworkInterfaceId,
    int DeviceNumber,
    string? SubnetId,
    IReadOnlyList<string> PrivateIpAddresses);
