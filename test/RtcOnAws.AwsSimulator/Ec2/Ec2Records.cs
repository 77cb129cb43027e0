namespace RtcOnAws.AwsSimulator.Ec2;

/// <summary>Mutable EC2 state guarded by <see cref="SimulatedEc2"/>'s lock.</summary>
internal sealed class SubnetRecord(string subnetId, string vpcId, string availabilityZone, string? cidr)
{
    public string SubnetId { get; } = subnetId;
    public string VpcId { get; } = vpcId;
    public string AvailabilityZone { get; } = availabilityZone;
    public string? Cidr { get; } = cidr;
}

internal sealed class InstanceRecord(string instanceId, SubnetRecord subnet, DateTime launchTime)
{
    public string InstanceId { get; } = instanceId;
    public SubnetRecord Subnet { get; } = subnet;
    public string ReservationId { get; } = "r-" + instanceId[2..];
    public DateTime LaunchTime { get; } = launchTime;
    public string State { get; set; } = "running";
    public string InstanceType { get; set; } = "c7gn.large";
    public string ImageId { get; set; } = "ami-0123456789abcdef0";
    public List<EniRecord> Enis { get; } = [];
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
}

internal sealed class EniRecord(string eniId, SubnetRecord subnet, string mac, string primaryIp)
{
    public string NetworkInterfaceId { get; } = eniId;
    public SubnetRecord Subnet { get; } = subnet;
    public string MacAddress { get; } = mac;
    public string PrimaryIp { get; } = primaryIp;
    public List<string> SecondaryIps { get; } = [];
    public InstanceRecord? Instance { get; set; }
    public int DeviceIndex { get; set; }
    public string AttachmentId { get; } = "eni-attach-" + eniId[4..];
    public string Description { get; set; } = "";
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> AllIps => SecondaryIps.Prepend(PrimaryIp);
}

internal sealed class EipRecord(string allocationId, string publicIp)
{
    public string AllocationId { get; } = allocationId;
    public string PublicIp { get; } = publicIp;
    public string? AssociationId { get; set; }
    public EniRecord? Eni { get; set; }
    public string? PrivateIp { get; set; }
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
}

/// <summary>A secondary IP reassigned with AllowReassignment that is still visible on its old interface until VisibleAt.</summary>
internal sealed record PendingRemap(string PrivateIp, EniRecord From, EniRecord To, DateTimeOffset VisibleAt);
