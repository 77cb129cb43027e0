using System.Net;
using System.Security.Cryptography;

namespace RtcOnAws.AwsSimulator.Ec2;

/// <summary>
/// Simulated EC2: subnets, instances, network interfaces with private IPs, Elastic IPs. Seed it from tests, let clients
/// change it through the wire API, and inspect what they did. The remap after AssignPrivateIpAddresses with
/// AllowReassignment is asynchronous: for <see cref="RemapDelay"/> the address still shows on its old interface
/// (and an Elastic IP on it follows only when the move becomes visible).
/// </summary>
public sealed partial class SimulatedEc2
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SubnetRecord> _subnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceRecord> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EniRecord> _enis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EipRecord> _eips = new(StringComparer.Ordinal);
    private readonly List<PendingRemap> _pendingRemaps = [];
    private TimeSpan _remapDelay;

    internal SimulatedEc2(TimeProvider time, string accountId, string region)
    {
        _time = time;
        AccountId = accountId;
        Region = region;
    }

    internal string AccountId { get; }

    internal string Region { get; }

    /// <summary>How long a reassigned private IP keeps showing on its old interface. Default: none (immediate).</summary>
    public TimeSpan RemapDelay
    {
        get { lock (_lock) return _remapDelay; }
        set { lock (_lock) _remapDelay = value; }
    }

    /// <summary>Adds a subnet (its CIDR, if given, is enforced for assigned addresses).</summary>
    public void AddSubnet(string subnetId, string availabilityZone, string? cidr = null, string vpcId = "vpc-0a1b2c3d4e5f60001")
    {
        lock (_lock)
        {
            if (!_subnets.TryAdd(subnetId, new SubnetRecord(subnetId, vpcId, availabilityZone, cidr)))
                throw new ArgumentException($"Subnet {subnetId} already exists.", nameof(subnetId));
        }
    }

    /// <summary>
    /// Adds an instance with its primary interface (device 0) holding <paramref name="privateIp"/>. The subnet is created
    /// on first use when <paramref name="availabilityZone"/> is given. Returns the instance.
    /// </summary>
    public SimInstance AddInstance(
        string subnetId,
        string privateIp,
        IReadOnlyDictionary<string, string>? tags = null,
        string state = "running",
        string? instanceId = null,
        string? availabilityZone = null)
    {
        lock (_lock)
        {
            var subnet = SubnetFor(subnetId, availabilityZone);
            var id = instanceId ?? NewId("i-");
            if (_instances.ContainsKey(id)) throw new ArgumentException($"Instance {id} already exists.", nameof(instanceId));
            EnsureIpFree(privateIp);
            var instance = new InstanceRecord(id, subnet, _time.GetUtcNow().UtcDateTime) { State = ValidState(state) };
            foreach (var (key, value) in tags ?? new Dictionary<string, string>()) instance.Tags[key] = value;
            var eni = NewEni(subnet, privateIp);
            Attach(eni, instance, 0);
            _instances.Add(id, instance);
            return Snapshot(instance);
        }
    }

    /// <summary>Adds a network interface, attached to an instance at <paramref name="deviceIndex"/> when given. Returns its id.</summary>
    public string AddNetworkInterface(string subnetId, string privateIp, string? instanceId = null, int deviceIndex = 1, string? availabilityZone = null)
    {
        lock (_lock)
        {
            var subnet = SubnetFor(subnetId, availabilityZone);
            EnsureIpFree(privateIp);
            var eni = NewEni(subnet, privateIp);
            if (instanceId is not null) Attach(eni, Instance(instanceId), deviceIndex);
            return eni.NetworkInterfaceId;
        }
    }

    /// <summary>Gives an interface a secondary private IP (as if assigned long ago).</summary>
    public void AddSecondaryPrivateIp(string networkInterfaceId, string privateIp)
    {
        lock (_lock)
        {
            var eni = Eni(networkInterfaceId);
            EnsureIpFree(privateIp);
            eni.SecondaryIps.Add(privateIp);
        }
    }

    /// <summary>Allocates an Elastic IP. Returns its allocation id.</summary>
    public string AllocateAddress(string publicIp, IReadOnlyDictionary<string, string>? tags = null)
    {
        lock (_lock)
        {
            if (_eips.Values.Any(e => e.PublicIp == publicIp)) throw new ArgumentException($"Elastic IP {publicIp} already allocated.", nameof(publicIp));
            var eip = new EipRecord(NewId("eipalloc-"), publicIp);
            foreach (var (key, value) in tags ?? new Dictionary<string, string>()) eip.Tags[key] = value;
            _eips.Add(eip.AllocationId, eip);
            return eip.AllocationId;
        }
    }

    /// <summary>Associates an Elastic IP with an interface's private IP (default its primary). Returns the association id.</summary>
    public string AssociateAddress(string allocationId, string networkInterfaceId, string? privateIp = null)
    {
        lock (_lock)
        {
            ApplyDueRemaps();
            var eni = Eni(networkInterfaceId);
            var ip = privateIp ?? eni.PrimaryIp;
            if (!eni.AllIps.Contains(ip)) throw new ArgumentException($"{ip} is not on {networkInterfaceId}.", nameof(privateIp));
            return Associate(Eip(allocationId), eni, ip);
        }
    }

    /// <summary>Changes an instance's state ("pending", "running", "stopping", "stopped", "shutting-down", "terminated").</summary>
    public void SetInstanceState(string instanceId, string state)
    {
        lock (_lock) Instance(instanceId).State = ValidState(state);
    }

    /// <summary>Sets a tag on an instance, interface or Elastic IP (by id).</summary>
    public void SetTag(string resourceId, string key, string value)
    {
        lock (_lock) TagsOf(resourceId)[key] = value;
    }

    /// <summary>Removes a tag.</summary>
    public void RemoveTag(string resourceId, string key)
    {
        lock (_lock) TagsOf(resourceId).Remove(key);
    }

    /// <summary>The interface that currently shows <paramref name="privateIp"/>, or null.</summary>
    public string? OwnerOfPrivateIp(string privateIp)
    {
        lock (_lock)
        {
            ApplyDueRemaps();
            return FindOwner(privateIp)?.NetworkInterfaceId;
        }
    }

    /// <summary>True while a reassignment of <paramref name="privateIp"/> is accepted but not yet visible.</summary>
    public bool IsRemapPending(string privateIp)
    {
        lock (_lock)
        {
            ApplyDueRemaps();
            return _pendingRemaps.Any(r => r.PrivateIp == privateIp);
        }
    }

    /// <summary>Makes every accepted-but-not-yet-visible remap visible now (tests that must not depend on timing).</summary>
    public void CompletePendingRemaps()
    {
        lock (_lock)
        {
            foreach (var remap in _pendingRemaps.ToList())
            {
                _pendingRemaps.Remove(remap);
                _pendingRemaps.Add(remap with { VisibleAt = DateTimeOffset.MinValue });
            }
            ApplyDueRemaps();
        }
    }

    /// <summary>An instance as currently visible.</summary>
    public SimInstance GetInstance(string instanceId)
    {
        lock (_lock) return Snapshot(Instance(instanceId));
    }

    /// <summary>An interface as currently visible.</summary>
    public SimNetworkInterface GetNetworkInterface(string networkInterfaceId)
    {
        lock (_lock)
        {
            ApplyDueRemaps();
            return Snapshot(Eni(networkInterfaceId));
        }
    }

    /// <summary>An Elastic IP as currently visible.</summary>
    public SimAddress GetAddress(string allocationId)
    {
        lock (_lock)
        {
            ApplyDueRemaps();
            return Snapshot(Eip(allocationId));
        }
    }

    /// <summary>Every instance.</summary>
    public IReadOnlyList<SimInstance> Instances
    {
        get { lock (_lock) return _instances.Values.Select(Snapshot).ToList(); }
    }

    /// <summary>Every Elastic IP.</summary>
    public IReadOnlyList<SimAddress> Addresses
    {
        get
        {
            lock (_lock)
            {
                ApplyDueRemaps();
                return _eips.Values.Select(Snapshot).ToList();
            }
        }
    }

    internal SimInstance Snapshot(InstanceRecord instance) => new(
        instance.InstanceId,
        instance.State,
        instance.Subnet.AvailabilityZone,
        instance.Subnet.SubnetId,
        instance.Subnet.VpcId,
        instance.Enis.OrderBy(e => e.DeviceIndex).First().PrimaryIp,
        instance.Enis.OrderBy(e => e.DeviceIndex).Select(e => e.NetworkInterfaceId).ToList(),
        new Dictionary<string, string>(instance.Tags));

    private static SimNetworkInterface Snapshot(EniRecord eni) => new(
        eni.NetworkInterfaceId,
        eni.Subnet.SubnetId,
        eni.Subnet.AvailabilityZone,
        eni.MacAddress,
        eni.Instance?.InstanceId,
        eni.DeviceIndex,
        eni.PrimaryIp,
        eni.SecondaryIps.ToList(),
        new Dictionary<string, string>(eni.Tags));

    private static SimAddress Snapshot(EipRecord eip) => new(
        eip.AllocationId,
        eip.PublicIp,
        eip.AssociationId,
        eip.Eni?.NetworkInterfaceId,
        eip.PrivateIp,
        eip.Eni?.Instance?.InstanceId,
        new Dictionary<string, string>(eip.Tags));

    private SubnetRecord SubnetFor(string subnetId, string? availabilityZone)
    {
        if (_subnets.TryGetValue(subnetId, out var subnet))
        {
            if (availabilityZone is not null && availabilityZone != subnet.AvailabilityZone)
                throw new ArgumentException($"Subnet {subnetId} is in {subnet.AvailabilityZone}, not {availabilityZone}.", nameof(availabilityZone));
            return subnet;
        }
        if (availabilityZone is null)
            throw new ArgumentException($"Unknown subnet {subnetId}: call AddSubnet first or pass availabilityZone.", nameof(subnetId));
        subnet = new SubnetRecord(subnetId, "vpc-0a1b2c3d4e5f60001", availabilityZone, null);
        _subnets.Add(subnetId, subnet);
        return subnet;
    }

    private EniRecord NewEni(SubnetRecord subnet, string privateIp)
    {
        if (!IPAddress.TryParse(privateIp, out var parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            throw new ArgumentException($"{privateIp} is not an IPv4 address.", nameof(privateIp));
        if (!Ec2Addressing.InSubnet(subnet, privateIp))
            throw new ArgumentException($"{privateIp} is outside subnet {subnet.SubnetId} ({subnet.Cidr}).", nameof(privateIp));
        var mac = "0e:" + string.Join(':', RandomNumberGenerator.GetBytes(5).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        var eni = new EniRecord(NewId("eni-"), subnet, mac, privateIp);
        _enis.Add(eni.NetworkInterfaceId, eni);
        return eni;
    }

    private static void Attach(EniRecord eni, InstanceRecord instance, int deviceIndex)
    {
        if (instance.Enis.Any(e => e.DeviceIndex == deviceIndex))
            throw new ArgumentException($"Instance {instance.InstanceId} already has an interface at device index {deviceIndex}.", nameof(deviceIndex));
        eni.Instance = instance;
        eni.DeviceIndex = deviceIndex;
        instance.Enis.Add(eni);
    }

    private void EnsureIpFree(string privateIp)
    {
        if (FindOwner(privateIp) is { } owner)
            throw new ArgumentException($"{privateIp} is already on {owner.NetworkInterfaceId}.", nameof(privateIp));
    }

    private Dictionary<string, string> TagsOf(string resourceId) =>
        _instances.TryGetValue(resourceId, out var instance) ? instance.Tags
        : _enis.TryGetValue(resourceId, out var eni) ? eni.Tags
        : _eips.TryGetValue(resourceId, out var eip) ? eip.Tags
        : throw new ArgumentException($"No instance, interface or Elastic IP {resourceId}.", nameof(resourceId));

    private static string ValidState(string state) => Ec2Addressing.StateCodes.ContainsKey(state)
        ? state
        : throw new ArgumentException($"Instance state \"{state}\" is not one of {string.Join(", ", Ec2Addressing.StateCodes.Keys)}.", nameof(state));

    private static string NewId(string prefix) =>
        prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17];
}
