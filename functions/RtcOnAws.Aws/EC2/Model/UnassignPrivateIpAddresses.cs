namespace RtcOnAws.Aws.EC2.Model;

/// <summary>Removes secondary private IPv4 addresses from a network interface.</summary>
public sealed class UnassignPrivateIpAddressesRequest
{
    /// <summary>The network interface.</summary>
    public string? NetworkInterfaceId { get; set; }

    /// <summary>Addresses to remove.</summary>
    public List<string> PrivateIpAddresses { get; set; } = [];
}

/// <summary>Result of UnassignPrivateIpAddresses.</summary>
public sealed class UnassignPrivateIpAddressesResponse : AmazonWebServiceResponse;
