using System.Globalization;

namespace RtcOnAws.AwsSimulator.Ec2;

/// <summary>Instance metadata (IMDS meta-data/...) derived from the visible EC2 state.</summary>
public sealed partial class SimulatedEc2
{
    /// <summary>The value IMDS returns for <paramref name="path"/> on <paramref name="instanceId"/>, or null (404).</summary>
    internal string? Metadata(string instanceId, string path, string region)
    {
        lock (_lock)
        {
            ApplyDueRemaps();
            if (!_instances.TryGetValue(instanceId, out var instance)) return null;
            var enis = instance.Enis.OrderBy(e => e.DeviceIndex).ToList();
            var primary = enis[0];
            var parts = path.Trim('/').Split('/');
            return parts switch
            {
                ["instance-id"] => instance.InstanceId,
                ["instance-type"] => instance.InstanceType,
                ["ami-id"] => instance.ImageId,
                ["local-ipv4"] => primary.PrimaryIp,
                ["mac"] => primary.MacAddress,
                ["placement", "availability-zone"] => instance.Subnet.AvailabilityZone,
                ["placement", "region"] => region,
                ["network", "interfaces", "macs"] => string.Join('\n', enis.Select(e => e.MacAddress + "/")),
                ["network", "interfaces", "macs", var mac, var leaf] when enis.FirstOrDefault(e => e.MacAddress == mac) is { } eni => leaf switch
                {
                    "interface-id" => eni.NetworkInterfaceId,
                    "device-number" => eni.DeviceIndex.ToString(CultureInfo.InvariantCulture),
                    "subnet-id" => eni.Subnet.SubnetId,
                    "vpc-id" => eni.Subnet.VpcId,
                    "mac" => eni.MacAddress,
                    "local-ipv4s" => string.Join('\n', eni.AllIps),
                    "owner-id" => AccountId,
                    _ => null,
                },
                _ => null,
            };
        }
    }
}
