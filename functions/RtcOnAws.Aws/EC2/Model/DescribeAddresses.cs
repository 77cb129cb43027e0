namespace RtcOnAws.Aws.EC2.Model;

/// <summary>Describes Elastic IPs.</summary>
public sealed class DescribeAddressesRequest
{
    /// <summary>Allocation ids to describe; empty = all.</summary>
    public List<string> AllocationIds { get; set; } = [];

    /// <summary>Public IPs to describe.</summary>
    public List<string> PublicIps { get; set; } = [];

    /// <summary>Filters such as "allocation-id", "association-id", "network-interface-id", "private-ip-address", "tag:KEY".</summary>
    public List<Filter> Filters { get; set; } = [];
}

/// <summary>Result of DescribeAddresses.</summary>
public sealed class DescribeAddressesResponse : AmazonWebServiceResponse
{
    /// <summary>The addresses.</summary>
    public List<Address> Addresses { get; set; } = [];
}

/// <summary>An Elastic IP and its association.</summary>
public sealed class Address
{
    /// <summary>Allocation id (eipalloc-...).</summary>
    public string? AllocationId { get; set; }

    /// <summary>Association id when associated.</summary>
    public string? AssociationId { get; set; }

    /// <summary>"vpc" or "standard".</summary>
    public string? Domain { get; set; }

    /// <summary>Instance it is associated with.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Network interface it is associated with.</summary>
    public string? NetworkInterfaceId { get; set; }

    /// <summary>Owner of that interface.</summary>
    public string? NetworkInterfaceOwnerId { get; set; }

    /// <summary>Private address it maps to.</summary>
    public string? PrivateIpAddress { get; set; }

    /// <summary>The public address.</summary>
    public string? PublicIp { get; set; }

    /// <summary>Tags.</summary>
    public List<Tag> Tags { get; set; } = [];
}
