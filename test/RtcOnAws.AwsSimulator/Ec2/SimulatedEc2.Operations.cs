using System.Globalization;
using System.Text;
using System.Xml.Linq;
using RtcOnAws.AwsSimulator.Http;

namespace RtcOnAws.AwsSimulator.Ec2;

/// <summary>The EC2 wire operations: parameters as botocore's ec2 2016-11-15 serializes them, answers as XML elements.</summary>
public sealed partial class SimulatedEc2
{
    internal static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static readonly HashSet<string> InstanceFilterNames =
    [
        "instance-id", "instance-state-name", "instance-state-code", "instance-type", "image-id", "reservation-id", "availability-zone",
        "subnet-id", "vpc-id", "private-ip-address", "network-interface.network-interface-id",
        "network-interface.addresses.private-ip-address", "network-interface.subnet-id",
    ];

    private static readonly HashSet<string> NetworkInterfaceFilterNames =
    [
        "network-interface-id", "attachment.instance-id", "attachment.device-index", "addresses.private-ip-address", "private-ip-address",
        "subnet-id", "availability-zone", "vpc-id", "mac-address", "status", "association.public-ip", "association.allocation-id", "description",
    ];

    private static readonly HashSet<string> AddressFilterNames =
    [
        "allocation-id", "association-id", "public-ip", "network-interface-id", "private-ip-address", "instance-id", "domain",
    ];

    internal IEnumerable<XElement> Execute(string action, QueryParams p)
    {
        lock (_lock)
        {
            ApplyDueRemaps();
            return action switch
            {
                "AssignPrivateIpAddresses" => AssignPrivateIpAddresses(p),
                "UnassignPrivateIpAddresses" => UnassignPrivateIpAddresses(p),
                "AssociateAddress" => AssociateAddressOperation(p),
                "DisassociateAddress" => DisassociateAddress(p),
                "DescribeAddresses" => DescribeAddresses(p),
                "DescribeNetworkInterfaces" => DescribeNetworkInterfaces(p),
                "DescribeInstances" => DescribeInstances(p),
                "CreateTags" => CreateTags(p),
                _ => throw new SimulatorException("InvalidAction", $"The action {action} is not valid for this web service."),
            };
        }
    }

    private List<XElement> AssignPrivateIpAddresses(QueryParams p)
    {
        var eni = EniOrError(p.Required("NetworkInterfaceId"));
        var requested = p.List("PrivateIpAddress");
        var count = p.Int("SecondaryPrivateIpAddressCount");
        var allowReassignment = p.Bool("AllowReassignment") ?? false;
        if (requested.Count == 0 && count is null)
            throw new SimulatorException("MissingParameter", "Either PrivateIpAddress or SecondaryPrivateIpAddressCount must be specified.");
        if (requested.Count > 0 && count is not null)
            throw new SimulatorException("InvalidParameterCombination", "PrivateIpAddress and SecondaryPrivateIpAddressCount cannot both be specified.");
        var assigned = count is { } n ? PickFreeAddresses(eni, n) : requested;
        foreach (var ip in requested) ValidateAssignable(eni, ip, allowReassignment);
        foreach (var ip in assigned) Assign(eni, ip);
        return
        [
            E("networkInterfaceId", eni.NetworkInterfaceId),
            new XElement(Ns + "assignedPrivateIpAddressesSet", assigned.Select(ip => new XElement(Ns + "item", E("privateIpAddress", ip)))),
            E("return", "true"),
        ];
    }

    private List<XElement> UnassignPrivateIpAddresses(QueryParams p)
    {
        var eni = EniOrError(p.Required("NetworkInterfaceId"));
        var ips = p.List("PrivateIpAddress");
        if (ips.Count == 0) throw new SimulatorException("MissingParameter", "The request must contain the parameter PrivateIpAddress");
        if (ips.FirstOrDefault(ip => !eni.SecondaryIps.Contains(ip)) is { } missing)
            throw new SimulatorException("InvalidParameterValue", $"Some of the specified addresses are not assigned to interface {eni.NetworkInterfaceId}: {missing}");
        foreach (var ip in ips)
        {
            eni.SecondaryIps.Remove(ip);
            foreach (var eip in _eips.Values.Where(e => e.Eni == eni && e.PrivateIp == ip)) Disassociate(eip);
        }
        return [E("return", "true")];
    }

    private List<XElement> AssociateAddressOperation(QueryParams p)
    {
        var eip = p.Get("AllocationId") is { } allocationId
            ? EipOrError(allocationId)
            : p.Get("PublicIp") is { } publicIp
                ? _eips.Values.FirstOrDefault(e => e.PublicIp == publicIp)
                  ?? throw new SimulatorException("InvalidAddress.NotFound", $"Address '{publicIp}' not found.")
                : throw new SimulatorException("MissingParameter", "Either AllocationId or PublicIp must be specified.");
        var eniId = p.Get("NetworkInterfaceId");
        var instanceId = p.Get("InstanceId");
        if (eniId is not null && instanceId is not null)
            throw new SimulatorException("InvalidParameterCombination", "Only one of InstanceId or NetworkInterfaceId may be specified.");
        var eni = eniId is not null
            ? EniOrError(eniId)
            : instanceId is not null
                ? InstanceOrError(instanceId).Enis.OrderBy(e => e.DeviceIndex).First()
                : throw new SimulatorException("MissingParameter", "Either InstanceId or NetworkInterfaceId must be specified.");
        var privateIp = p.Get("PrivateIpAddress") ?? eni.PrimaryIp;
        if (!eni.AllIps.Contains(privateIp))
            throw new SimulatorException("InvalidParameterValue", $"The private IP address {privateIp} is not assigned to network interface {eni.NetworkInterfaceId}.");
        var sameTarget = eip.Eni == eni && eip.PrivateIp == privateIp;
        if (eip.AssociationId is not null && !sameTarget && p.Bool("AllowReassociation") != true)
            throw new SimulatorException("Resource.AlreadyAssociated", $"resource {eip.AllocationId} is already associated with associate-id {eip.AssociationId}");
        var associationId = sameTarget && eip.AssociationId is not null ? eip.AssociationId : Associate(eip, eni, privateIp);
        return [E("return", "true"), E("associationId", associationId)];
    }

    private List<XElement> DisassociateAddress(QueryParams p)
    {
        var eip = p.Get("AssociationId") is { } associationId
            ? _eips.Values.FirstOrDefault(e => e.AssociationId == associationId)
              ?? throw new SimulatorException("InvalidAssociationID.NotFound", $"The association ID '{associationId}' does not exist")
            : p.Get("PublicIp") is { } publicIp
                ? _eips.Values.FirstOrDefault(e => e.PublicIp == publicIp && e.AssociationId is not null)
                  ?? throw new SimulatorException("InvalidAddress.NotFound", $"Address '{publicIp}' not found or not associated.")
                : throw new SimulatorException("MissingParameter", "Either AssociationId or PublicIp must be specified.");
        Disassociate(eip);
        return [E("return", "true")];
    }

    private List<XElement> DescribeAddresses(QueryParams p)
    {
        var allocationIds = p.List("AllocationId");
        var publicIps = p.List("PublicIp");
        foreach (var id in allocationIds) EipOrError(id);
        var filters = p.Filters();
        Ec2Filters.Validate(filters, AddressFilterNames);
        var matches = _eips.Values
            .Where(e => allocationIds.Count == 0 || allocationIds.Contains(e.AllocationId))
            .Where(e => publicIps.Count == 0 || publicIps.Contains(e.PublicIp))
            .Where(e => Ec2Filters.Matches(e, filters, AddressFilterValues))
            .ToList();
        return [new XElement(Ns + "addressesSet", matches.Select(AddressXml))];
    }

    private List<XElement> DescribeNetworkInterfaces(QueryParams p)
    {
        var ids = p.List("NetworkInterfaceId");
        foreach (var id in ids) EniOrError(id);
        var filters = p.Filters();
        Ec2Filters.Validate(filters, NetworkInterfaceFilterNames);
        var matches = _enis.Values
            .Where(e => ids.Count == 0 || ids.Contains(e.NetworkInterfaceId))
            .Where(e => Ec2Filters.Matches(e, filters, NetworkInterfaceFilterValues))
            .ToList();
        var (page, next) = Page(matches, p.Int("MaxResults"), p.Get("NextToken"), 5, 1000);
        return [new XElement(Ns + "networkInterfaceSet", page.Select(NetworkInterfaceXml)), .. NextToken(next)];
    }

    private List<XElement> DescribeInstances(QueryParams p)
    {
        var ids = p.List("InstanceId");
        var maxResults = p.Int("MaxResults");
        if (ids.Count > 0 && maxResults is not null)
            throw new SimulatorException("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
        foreach (var id in ids) InstanceOrError(id);
        var filters = p.Filters();
        Ec2Filters.Validate(filters, InstanceFilterNames);
        var matches = _instances.Values
            .Where(i => ids.Count == 0 || ids.Contains(i.InstanceId))
            .Where(i => Ec2Filters.Matches(i, filters, InstanceFilterValues))
            .ToList();
        var (page, next) = Page(matches, maxResults, p.Get("NextToken"), 5, 1000);
        return [new XElement(Ns + "reservationSet", page.Select(ReservationXml)), .. NextToken(next)];
    }

    private List<XElement> CreateTags(QueryParams p)
    {
        var resources = p.List("ResourceId");
        if (resources.Count == 0) throw new SimulatorException("MissingParameter", "The request must contain the parameter ResourceId");
        var tags = new List<(string Key, string Value)>();
        for (var i = 1; p.Get($"Tag.{i}.Key") is { } key; i++) tags.Add((key, p.Get($"Tag.{i}.Value") ?? ""));
        if (tags.Count == 0) throw new SimulatorException("MissingParameter", "The request must contain the parameter Tag");
        var stores = resources.Select(id =>
            _instances.TryGetValue(id, out var instance) ? instance.Tags
            : _enis.TryGetValue(id, out var eni) ? eni.Tags
            : _eips.TryGetValue(id, out var eip) ? eip.Tags
            : throw new SimulatorException(NotFoundCode(id), $"The ID '{id}' does not exist")).ToList();
        foreach (var store in stores)
        {
            foreach (var (key, value) in tags) store[key] = value;
        }
        return [E("return", "true")];
    }

    private static string NotFoundCode(string id) => id.Split('-')[0] switch
    {
        "i" => "InvalidInstanceID.NotFound",
        "eni" => "InvalidNetworkInterfaceID.NotFound",
        "eipalloc" => "InvalidAllocationID.NotFound",
        _ => "InvalidID",
    };

    private void ValidateAssignable(EniRecord eni, string ip, bool allowReassignment)
    {
        if (!Ec2Addressing.IsIpv4(ip))
            throw new SimulatorException("InvalidParameterValue", $"Value ({ip}) for parameter privateIpAddress is invalid. Expected an IPv4 address.");
        if (!Ec2Addressing.InSubnet(eni.Subnet, ip))
            throw new SimulatorException("InvalidParameterValue", $"Address {ip} does not fall within the subnet's address range");
        var owner = FindOwner(ip);
        var pending = _pendingRemaps.FirstOrDefault(r => r.PrivateIp == ip);
        var heldElsewhere = (owner is not null && owner != eni) || (pending is not null && pending.To != eni);
        if (!heldElsewhere) return;
        var holder = pending?.To ?? owner!;
        if (holder.PrimaryIp == ip || owner?.PrimaryIp == ip)
            throw new SimulatorException("InvalidParameterValue", $"Address {ip} is the primary private IP address of {holder.NetworkInterfaceId} and cannot be reassigned");
        if (!allowReassignment)
            throw new SimulatorException("PrivateIpAddressInUse", $"The specified private IP address {ip} is already assigned to {holder.NetworkInterfaceId}; set AllowReassignment to move it");
        if (holder.Subnet != eni.Subnet)
            throw new SimulatorException("InvalidParameterValue", $"Address {ip} belongs to subnet {holder.Subnet.SubnetId}, not {eni.Subnet.SubnetId}");
    }

    /// <summary>Gives <paramref name="ip"/> to <paramref name="eni"/>: immediately if free, else as a remap visible after RemapDelay.</summary>
    private void Assign(EniRecord eni, string ip)
    {
        var owner = FindOwner(ip);
        _pendingRemaps.RemoveAll(r => r.PrivateIp == ip);
        if (owner == eni) return;
        if (owner is null)
        {
            eni.SecondaryIps.Add(ip);
            return;
        }
        if (_remapDelay <= TimeSpan.Zero) Move(ip, owner, eni);
        else _pendingRemaps.Add(new PendingRemap(ip, owner, eni, _time.GetUtcNow() + _remapDelay));
    }

    private List<string> PickFreeAddresses(EniRecord eni, int count)
    {
        if (count < 1) throw new SimulatorException("InvalidParameterValue", "SecondaryPrivateIpAddressCount must be at least 1");
        var free = Ec2Addressing.Assignable(eni.Subnet).Where(ip => FindOwner(ip) is null).Take(count).ToList();
        if (free.Count < count)
            throw new SimulatorException("InsufficientFreeAddressesInSubnet", $"Subnet {eni.Subnet.SubnetId} (CIDR {eni.Subnet.Cidr ?? "unknown"}) has too few free addresses");
        return free;
    }

    private void ApplyDueRemaps()
    {
        var now = _time.GetUtcNow();
        foreach (var remap in _pendingRemaps.Where(r => r.VisibleAt <= now).ToList())
        {
            _pendingRemaps.Remove(remap);
            if (remap.From.SecondaryIps.Contains(remap.PrivateIp)) Move(remap.PrivateIp, remap.From, remap.To);
            else if (FindOwner(remap.PrivateIp) is null) remap.To.SecondaryIps.Add(remap.PrivateIp);
        }
    }

    /// <summary>Moves a secondary IP; an Elastic IP mapped to it follows (as on AWS).</summary>
    private void Move(string ip, EniRecord from, EniRecord to)
    {
        from.SecondaryIps.Remove(ip);
        to.SecondaryIps.Add(ip);
        foreach (var eip in _eips.Values.Where(e => e.Eni == from && e.PrivateIp == ip)) eip.Eni = to;
    }

    private string Associate(EipRecord eip, EniRecord eni, string privateIp)
    {
        foreach (var other in _eips.Values.Where(e => e != eip && e.Eni == eni && e.PrivateIp == privateIp)) Disassociate(other);
        eip.Eni = eni;
        eip.PrivateIp = privateIp;
        eip.AssociationId = NewId("eipassoc-");
        return eip.AssociationId;
    }

    private static void Disassociate(EipRecord eip)
    {
        eip.Eni = null;
        eip.PrivateIp = null;
        eip.AssociationId = null;
    }

    private EniRecord? FindOwner(string ip) => _enis.Values.FirstOrDefault(e => e.AllIps.Contains(ip));

    private InstanceRecord Instance(string id) =>
        _instances.GetValueOrDefault(id) ?? throw new ArgumentException($"No instance {id}.", nameof(id));

    private EniRecord Eni(string id) =>
        _enis.GetValueOrDefault(id) ?? throw new ArgumentException($"No network interface {id}.", nameof(id));

    private EipRecord Eip(string id) =>
        _eips.GetValueOrDefault(id) ?? throw new ArgumentException($"No Elastic IP allocation {id}.", nameof(id));

    private InstanceRecord InstanceOrError(string id) => _instances.GetValueOrDefault(id)
        ?? throw new SimulatorException(id.StartsWith("i-", StringComparison.Ordinal) ? "InvalidInstanceID.NotFound" : "InvalidInstanceID.Malformed",
            $"The instance ID '{id}' does not exist");

    private EniRecord EniOrError(string id) => _enis.GetValueOrDefault(id)
        ?? throw new SimulatorException(id.StartsWith("eni-", StringComparison.Ordinal) ? "InvalidNetworkInterfaceID.NotFound" : "InvalidNetworkInterfaceID.Malformed",
            $"The networkInterface ID '{id}' does not exist");

    private EipRecord EipOrError(string id) => _eips.GetValueOrDefault(id)
        ?? throw new SimulatorException("InvalidAllocationID.NotFound", $"The allocation ID '{id}' does not exist");

    private static IEnumerable<string>? InstanceFilterValues(InstanceRecord i, string name) => name switch
    {
        "instance-id" => [i.InstanceId],
        "instance-state-name" => [i.State],
        "instance-state-code" => Ec2Filters.One(Ec2Addressing.StateCodes[i.State]),
        "instance-type" => [i.InstanceType],
        "image-id" => [i.ImageId],
        "reservation-id" => [i.ReservationId],
        "availability-zone" => [i.Subnet.AvailabilityZone],
        "subnet-id" => [i.Subnet.SubnetId],
        "vpc-id" => [i.Subnet.VpcId],
        "private-ip-address" => [i.Enis.OrderBy(e => e.DeviceIndex).First().PrimaryIp],
        "network-interface.network-interface-id" => i.Enis.Select(e => e.NetworkInterfaceId),
        "network-interface.addresses.private-ip-address" => i.Enis.SelectMany(e => e.AllIps),
        "network-interface.subnet-id" => i.Enis.Select(e => e.Subnet.SubnetId),
        _ => Ec2Filters.TagValues(i.Tags, name),
    };

    private IEnumerable<string>? NetworkInterfaceFilterValues(EniRecord e, string name) => name switch
    {
        "network-interface-id" => [e.NetworkInterfaceId],
        "attachment.instance-id" => Ec2Filters.One(e.Instance?.InstanceId),
        "attachment.device-index" => e.Instance is null ? [] : Ec2Filters.One(e.DeviceIndex),
        "addresses.private-ip-address" => e.AllIps,
        "private-ip-address" => [e.PrimaryIp],
        "subnet-id" => [e.Subnet.SubnetId],
        "availability-zone" => [e.Subnet.AvailabilityZone],
        "vpc-id" => [e.Subnet.VpcId],
        "mac-address" => [e.MacAddress],
        "status" => [e.Instance is null ? "available" : "in-use"],
        "association.public-ip" => _eips.Values.Where(a => a.Eni == e).Select(a => a.PublicIp),
        "association.allocation-id" => _eips.Values.Where(a => a.Eni == e).Select(a => a.AllocationId),
        "description" => [e.Description],
        _ => Ec2Filters.TagValues(e.Tags, name),
    };

    private static IEnumerable<string>? AddressFilterValues(EipRecord a, string name) => name switch
    {
        "allocation-id" => [a.AllocationId],
        "association-id" => Ec2Filters.One(a.AssociationId),
        "public-ip" => [a.PublicIp],
        "network-interface-id" => Ec2Filters.One(a.Eni?.NetworkInterfaceId),
        "private-ip-address" => Ec2Filters.One(a.PrivateIp),
        "instance-id" => Ec2Filters.One(a.Eni?.Instance?.InstanceId),
        "domain" => ["vpc"],
        _ => Ec2Filters.TagValues(a.Tags, name),
    };

    private static (List<T> Page, string? Next) Page<T>(List<T> all, int? maxResults, string? nextToken, int min, int max)
    {
        if (maxResults is { } m && (m < min || m > max))
            throw new SimulatorException("InvalidParameterValue", $"Value ( {m} ) for parameter maxResults is invalid. Expecting a value between {min} and {max}.");
        var start = 0;
        if (nextToken is not null)
        {
            try
            {
                start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(nextToken)), CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new SimulatorException("InvalidParameterValue", $"The token '{nextToken}' is invalid.");
            }
        }
        var size = maxResults ?? int.MaxValue;
        var page = all.Skip(start).Take(size).ToList();
        var next = start + page.Count < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((start + page.Count).ToString(CultureInfo.InvariantCulture))) : null;
        return (page, next);
    }

    private static IEnumerable<XElement> NextToken(string? next) => next is null ? [] : [E("nextToken", next)];

    private XElement AddressXml(EipRecord a) => new(Ns + "item",
        E("allocationId", a.AllocationId),
        E("domain", "vpc"),
        E("publicIp", a.PublicIp),
        E("publicIpv4Pool", "amazon"),
        E("networkBorderGroup", Region),
        a.AssociationId is null ? null : E("associationId", a.AssociationId),
        a.Eni?.Instance is { } instance ? E("instanceId", instance.InstanceId) : null,
        a.Eni is { } eni ? E("networkInterfaceId", eni.NetworkInterfaceId) : null,
        a.Eni is null ? null : E("networkInterfaceOwnerId", AccountId),
        a.PrivateIp is null ? null : E("privateIpAddress", a.PrivateIp),
        TagSet(a.Tags));

    private XElement NetworkInterfaceXml(EniRecord e) => new(Ns + "item",
        E("networkInterfaceId", e.NetworkInterfaceId),
        E("subnetId", e.Subnet.SubnetId),
        E("vpcId", e.Subnet.VpcId),
        E("availabilityZone", e.Subnet.AvailabilityZone),
        E("description", e.Description),
        E("ownerId", AccountId),
        E("requesterManaged", "false"),
        E("status", e.Instance is null ? "available" : "in-use"),
        E("macAddress", e.MacAddress),
        E("privateIpAddress", e.PrimaryIp),
        E("sourceDestCheck", "true"),
        E("interfaceType", "interface"),
        e.Instance is { } instance
            ? new XElement(Ns + "attachment",
                E("attachmentId", e.AttachmentId),
                E("instanceId", instance.InstanceId),
                E("instanceOwnerId", AccountId),
                E("deviceIndex", e.DeviceIndex.ToString(CultureInfo.InvariantCulture)),
                E("status", "attached"),
                E("attachTime", Timestamp(instance.LaunchTime)),
                E("deleteOnTermination", e.DeviceIndex == 0 ? "true" : "false"))
            : null,
        AssociationXml(e, e.PrimaryIp),
        TagSet(e.Tags),
        new XElement(Ns + "privateIpAddressesSet", e.AllIps.Select(ip => new XElement(Ns + "item",
            E("privateIpAddress", ip),
            E("primary", ip == e.PrimaryIp ? "true" : "false"),
            AssociationXml(e, ip)))));

    private XElement? AssociationXml(EniRecord eni, string privateIp) =>
        _eips.Values.FirstOrDefault(a => a.Eni == eni && a.PrivateIp == privateIp) is { } eip
            ? new XElement(Ns + "association",
                E("publicIp", eip.PublicIp),
                E("publicDnsName", ""),
                E("ipOwnerId", AccountId),
                E("allocationId", eip.AllocationId),
                E("associationId", eip.AssociationId!))
            : null;

    private XElement ReservationXml(InstanceRecord i)
    {
        var primary = i.Enis.OrderBy(e => e.DeviceIndex).First();
        var publicIp = _eips.Values.FirstOrDefault(a => a.Eni == primary && a.PrivateIp == primary.PrimaryIp)?.PublicIp;
        return new XElement(Ns + "item",
            E("reservationId", i.ReservationId),
            E("ownerId", AccountId),
            new XElement(Ns + "groupSet"),
            new XElement(Ns + "instancesSet", new XElement(Ns + "item",
                E("instanceId", i.InstanceId),
                E("imageId", i.ImageId),
                new XElement(Ns + "instanceState",
                    E("code", Ec2Addressing.StateCodes[i.State].ToString(CultureInfo.InvariantCulture)),
                    E("name", i.State)),
                E("privateDnsName", "ip-" + primary.PrimaryIp.Replace('.', '-') + ".ec2.internal"),
                E("dnsName", ""),
                E("reason", ""),
                E("amiLaunchIndex", "0"),
                E("instanceType", i.InstanceType),
                E("launchTime", Timestamp(i.LaunchTime)),
                new XElement(Ns + "placement", E("availabilityZone", i.Subnet.AvailabilityZone), E("groupName", ""), E("tenancy", "default")),
                new XElement(Ns + "monitoring", E("state", "disabled")),
                E("subnetId", i.Subnet.SubnetId),
                E("vpcId", i.Subnet.VpcId),
                E("privateIpAddress", primary.PrimaryIp),
                publicIp is null ? null : E("ipAddress", publicIp),
                E("sourceDestCheck", "true"),
                E("architecture", "arm64"),
                E("rootDeviceType", "ebs"),
                E("rootDeviceName", "/dev/xvda"),
                E("virtualizationType", "hvm"),
                E("hypervisor", "xen"),
                TagSet(i.Tags),
                new XElement(Ns + "networkInterfaceSet", i.Enis.OrderBy(e => e.DeviceIndex).Select(e => InstanceNetworkInterfaceXml(i, e))))));
    }

    private XElement InstanceNetworkInterfaceXml(InstanceRecord i, EniRecord e) => new(Ns + "item",
        E("networkInterfaceId", e.NetworkInterfaceId),
        E("subnetId", e.Subnet.SubnetId),
        E("vpcId", e.Subnet.VpcId),
        E("description", e.Description),
        E("ownerId", AccountId),
        E("status", "in-use"),
        E("macAddress", e.MacAddress),
        E("privateIpAddress", e.PrimaryIp),
        E("sourceDestCheck", "true"),
        E("interfaceType", "interface"),
        new XElement(Ns + "attachment",
            E("attachmentId", e.AttachmentId),
            E("deviceIndex", e.DeviceIndex.ToString(CultureInfo.InvariantCulture)),
            E("status", "attached"),
            E("attachTime", Timestamp(i.LaunchTime)),
            E("deleteOnTermination", e.DeviceIndex == 0 ? "true" : "false")),
        new XElement(Ns + "privateIpAddressesSet", e.AllIps.Select(ip => new XElement(Ns + "item",
            E("privateIpAddress", ip),
            E("primary", ip == e.PrimaryIp ? "true" : "false"),
            _eips.Values.FirstOrDefault(a => a.Eni == e && a.PrivateIp == ip) is { } eip
                ? new XElement(Ns + "association", E("publicIp", eip.PublicIp), E("publicDnsName", ""), E("ipOwnerId", AccountId))
                : null))));

    private static XElement TagSet(Dictionary<string, string> tags) =>
        new(Ns + "tagSet", tags.Select(t => new XElement(Ns + "item", E("key", t.Key), E("value", t.Value))));

    private static XElement E(string name, string value) => new(Ns + name, value);

    private static string Timestamp(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
