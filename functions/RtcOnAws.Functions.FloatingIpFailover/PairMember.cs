using Amazon.EC2;
using Amazon.EC2.Model;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>One instance of a pair as EC2 describes it, with the facts the failover needs.</summary>
internal sealed record PairMember(Instance Instance)
{
    public string InstanceId => Instance.InstanceId ?? "";

    public string SubnetId => Instance.SubnetId ?? "";

    public string AvailabilityZone => Instance.Placement?.AvailabilityZone ?? "";

    public bool IsRunning => Instance.State?.Name == InstanceStateName.Running;

    /// <summary>The interface at device index 0, which carries the primary and floating addresses.</summary>
    public InstanceNetworkInterface? PrimaryInterface =>
        Interfaces.FirstOrDefault(n => n.Attachment?.DeviceIndex == 0) ?? Interfaces.FirstOrDefault();

    /// <summary>The instance's interfaces (AWSSDK v4 leaves an empty list null).</summary>
    public IEnumerable<InstanceNetworkInterface> Interfaces => Instance.NetworkInterfaces ?? [];

    public string? Tag(string key) => Instance.Tags?.FirstOrDefault(t => t.Key == key)?.Value;

    public bool HoldsPrivateIp(string address) =>
        Interfaces.Any(n => (n.PrivateIpAddresses ?? []).Any(p => p.PrivateIpAddress == address));

    /// <summary>Healthy unless the last alarm recorded on the node is in ALARM.</summary>
    public bool AlarmHealthy => Tag(PairTags.Health) is not { } health || !health.StartsWith("ALARM", StringComparison.Ordinal);
}
