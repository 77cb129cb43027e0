namespace RtcOnAws.Aws.EC2.Model;

/// <summary>A network interface (ENI) as DescribeNetworkInterfaces returns it.</summary>
public sealed class NetworkInterface
{
    /// <summary>Interface id (eni-...).</summary>
    public string? NetworkInterfaceId { get; set; }

    /// <summary>Availability Zone.</summary>
    public string? AvailabilityZone { get; set; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>MAC address (as IMDS lists it).</summary>
    public string? MacAddress { get; set; }

    /// <summary>Account id.</summary>
    public string? OwnerId { get; set; }

    /// <summary>Primary private address.</summary>
    public string? PrivateIpAddress { get; set; }

    /// <summary>All private addresses, primary first, each with its Elastic IP association if any.</summary>
    public List<NetworkInterfacePrivateIpAddress> PrivateIpAddresses { get; set; } = [];

    /// <summary>Elastic IP association of the primary address.</summary>
    public NetworkInterfaceAssociation? Association { get; set; }

    /// <summary>Attachment to an instance.</summary>
    public NetworkInterfaceAttachment? Attachment { get; set; }

    /// <summary>"available", "in-use", ...</summary>
    public string? Status { get; set; }

    /// <summary>Subnet.</summary>
    public string? SubnetId { get; set; }

    /// <summary>VPC.</summary>
    public string? VpcId { get; set; }

    /// <summary>Tags.</summary>
    public List<Tag> TagSet { get; set; } = [];
}

/// <summary>One private address of an interface.</summary>
public sealed class NetworkInterfacePrivateIpAddress
{
    /// <summary>The address.</summary>
    public string? PrivateIpAddress { get; set; }

    /// <summary>True for the interface's primary address.</summary>
    public bool? Primary { get; set; }

    /// <summary>Elastic IP mapped to this address, if any.</summary>
    public NetworkInterfaceAssociation? Association { get; set; }
}

/// <summary>An Elastic IP association seen from the interface.</summary>
public sealed class NetworkInterfaceAssociation
{
    /// <summary>Allocation id.</summary>
    public string? AllocationId { get; set; }

    /// <summary>Association id.</summary>
    public string? AssociationId { get; set; }

    /// <summary>Owner of the public address ("amazon" or an account id).</summary>
    public string? IpOwnerId { get; set; }

    /// <summary>The public address.</summary>
    public string? PublicIp { get; set; }
}

/// <summary>Attachment of an interface to an instance.</summary>
public sealed class NetworkInterfaceAttachment
{
    /// <summary>Attachment id.</summary>
    public string? AttachmentId { get; set; }

    /// <summary>Device index (0 = primary interface).</summary>
    public int? DeviceIndex { get; set; }

    /// <summary>Instance id.</summary>
    public string? InstanceId { get; set; }

    /// <summary>"attached", "detaching", ...</summary>
    public string? Status { get; set; }
}
