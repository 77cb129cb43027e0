namespace RtcOnAws.Aws.EC2.Model;

/// <summary>An EC2 instance as DescribeInstances returns it.</summary>
public sealed class Instance
{
    /// <summary>Instance id (i-...).</summary>
    public string? InstanceId { get; set; }

    /// <summary>AMI.</summary>
    public string? ImageId { get; set; }

    /// <summary>Instance type, e.g. "c7gn.large".</summary>
    public string? InstanceType { get; set; }

    /// <summary>Launch time (UTC).</summary>
    public DateTime? LaunchTime { get; set; }

    /// <summary>Lifecycle state.</summary>
    public InstanceState? State { get; set; }

    /// <summary>Placement (Availability Zone).</summary>
    public Placement? Placement { get; set; }

    /// <summary>Primary private address.</summary>
    public string? PrivateIpAddress { get; set; }

    /// <summary>Public address, if any.</summary>
    public string? PublicIpAddress { get; set; }

    /// <summary>Subnet of the primary interface.</summary>
    public string? SubnetId { get; set; }

    /// <summary>VPC.</summary>
    public string? VpcId { get; set; }

    /// <summary>Attached interfaces with their private addresses.</summary>
    public List<InstanceNetworkInterface> NetworkInterfaces { get; set; } = [];

    /// <summary>Tags.</summary>
    public List<Tag> Tags { get; set; } = [];
}

/// <summary>Instance lifecycle state.</summary>
public sealed class InstanceState
{
    /// <summary>0 pending, 16 running, 32 shutting-down, 48 terminated, 64 stopping, 80 stopped.</summary>
    public int? Code { get; set; }

    /// <summary>See <see cref="InstanceStateName"/>.</summary>
    public string? Name { get; set; }
}

/// <summary>Instance state names.</summary>
public static class InstanceStateName
{
    /// <summary>pending</summary>
    public const string Pending = "pending";

    /// <summary>running</summary>
    public const string Running = "running";

    /// <summary>shutting-down</summary>
    public const string ShuttingDown = "shutting-down";

    /// <summary>terminated</summary>
    public const string Terminated = "terminated";

    /// <summary>stopping</summary>
    public const string Stopping = "stopping";

    /// <summary>stopped</summary>
    public const string Stopped = "stopped";
}

/// <summary>Where an instance runs.</summary>
public sealed class Placement
{
    /// <summary>Availability Zone, e.g. "us-east-1a".</summary>
    public string? AvailabilityZone { get; set; }
}

/// <summary>An interface attached to an instance.</summary>
public sealed class InstanceNetworkInterface
{
    /// <summary>Interface id.</summary>
    public string? NetworkInterfaceId { get; set; }

    /// <summary>MAC address.</summary>
    public string? MacAddress { get; set; }

    /// <summary>Primary private address.</summary>
    public string? PrivateIpAddress { get; set; }

    /// <summary>All private addresses.</summary>
    public List<InstancePrivateIpAddress> PrivateIpAddresses { get; set; } = [];

    /// <summary>Attachment (device index).</summary>
    public InstanceNetworkInterfaceAttachment? Attachment { get; set; }

    /// <summary>Status.</summary>
    public string? Status { get; set; }

    /// <summary>Subnet.</summary>
    public string? SubnetId { get; set; }

    /// <summary>VPC.</summary>
    public string? VpcId { get; set; }
}

/// <summary>A private address of an instance's interface.</summary>
public sealed class InstancePrivateIpAddress
{
    /// <summary>The address.</summary>
    public string? PrivateIpAddress { get; set; }

    /// <summary>True for the primary address.</summary>
    public bool? Primary { get; set; }

    /// <summary>Public address mapped to it, if any.</summary>
    public InstanceNetworkInterfaceAssociation? Association { get; set; }
}

/// <summary>Public address of an instance's private address.</summary>
public sealed class InstanceNetworkInterfaceAssociation
{
    /// <summary>Public address.</summary>
    public string? PublicIp { get; set; }

    /// <summary>Owner ("amazon" or an account id).</summary>
    public string? IpOwnerId { get; set; }
}

/// <summary>Attachment of an interface to the instance.</summary>
public sealed class InstanceNetworkInterfaceAttachment
{
    /// <summary>Attachment id.</summary>
    public string? AttachmentId { get; set; }

    /// <summary>Device index.</summary>
    public int? DeviceIndex { get; set; }

    /// <summary>Status.</summary>
    public string? Status { get; set; }
}
