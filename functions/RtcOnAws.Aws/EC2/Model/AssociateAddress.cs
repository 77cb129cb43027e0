namespace RtcOnAws.Aws.EC2.Model;

/// <summary>Associates an Elastic IP with an instance or network interface (and optionally a specific private IP on it).</summary>
public sealed class AssociateAddressRequest
{
    /// <summary>The Elastic IP's allocation id (VPC).</summary>
    public string? AllocationId { get; set; }

    /// <summary>Target instance (its primary interface), or use <see cref="NetworkInterfaceId"/>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Target network interface.</summary>
    public string? NetworkInterfaceId { get; set; }

    /// <summary>Private address on the target to map to; default the interface's primary address.</summary>
    public string? PrivateIpAddress { get; set; }

    /// <summary>Move the Elastic IP even if it is already associated (the cross-AZ floating-IP move).</summary>
    public bool? AllowReassociation { get; set; }

    /// <summary>EC2-Classic public IP (rarely used in a VPC).</summary>
    public string? PublicIp { get; set; }
}

/// <summary>Result of AssociateAddress.</summary>
public sealed class AssociateAddressResponse : AmazonWebServiceResponse
{
    /// <summary>The new association's id (eipassoc-...).</summary>
    public string? AssociationId { get; set; }
}
