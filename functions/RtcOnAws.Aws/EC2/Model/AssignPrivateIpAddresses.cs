namespace RtcOnAws.Aws.EC2.Model;

/// <summary>Assigns secondary private IPv4 addresses to a network interface.</summary>
public sealed class AssignPrivateIpAddressesRequest
{
    /// <summary>The network interface that receives the addresses.</summary>
    public string? NetworkInterfaceId { get; set; }

    /// <summary>Specific addresses to assign.</summary>
    public List<string> PrivateIpAddresses { get; set; } = [];

    /// <summary>Let EC2 pick this many addresses instead.</summary>
    public int? SecondaryPrivateIpAddressCount { get; set; }

    /// <summary>Take the addresses even if another interface in the subnet holds them (the floating-IP move).</summary>
    public bool? AllowReassignment { get; set; }
}

/// <summary>Result of AssignPrivateIpAddresses.</summary>
public sealed class AssignPrivateIpAddressesResponse : AmazonWebServiceResponse
{
    /// <summary>The interface the addresses were assigned to.</summary>
    public string? NetworkInterfaceId { get; set; }

    /// <summary>The addresses assigned.</summary>
    public List<AssignedPrivateIpAddress> AssignedPrivateIpAddresses { get; set; } = [];
}

/// <summary>One assigned address.</summary>
public sealed class AssignedPrivateIpAddress
{
    /// <summary>The private IPv4 address.</summary>
    public string? PrivateIpAddress { get; set; }
}
