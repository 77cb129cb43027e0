using System.CommandLine;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.HighAvailability.Takeover;

namespace RtcOnAws.MediaNode;

/// <summary>
/// What <c>--ha-takeover aws</c> finds out before the settings can be built: with <c>--ha-aws-pair-tag</c> this node
/// (IMDSv2), its peer (waiting until it runs) and, across subnets, the pair's Elastic IP; in one subnet the device
/// with the network interface's MAC address. Only what no flag gives is looked up, except that the pair tag always
/// reads this node from IMDS.
/// </summary>
public sealed class AwsTakeoverDiscovery(HighAvailabilityOptions options)
{
    /// <summary>Whether the node moves its address through EC2 (<c>--redis</c> with <c>--ha-takeover aws</c>).</summary>
    public bool IsNeeded(HighAvailabilityArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Text(options.Redis) is not null && arguments.Text(options.Takeover) == "aws";
    }

    /// <summary>
    /// EC2 and the discovered values by option name. Throws <see cref="AwsPairDiscoveryException"/> for a pair that
    /// cannot be resolved.
    /// </summary>
    public async Task<AwsTakeoverContext> DiscoverAsync(HighAvailabilityArguments arguments, AwsTakeoverServices services, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(services);
        string? Given(Option<string?> option) => arguments.Text(option);
        var discovery = new AwsPairDiscovery(services.Metadata, services.Ec2, services.Time, logger);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Value(Option<string?> option) => Given(option) ?? found.GetValueOrDefault(option.Name);

        AwsPairMember? self = null;
        if (Given(options.AwsPairTag) is { } tagText)
        {
            var tag = AwsPairTag.Parse(tagText);
            self = await discovery.DiscoverSelfAsync(cancellationToken).ConfigureAwait(false);
            found[options.AwsInstanceId.Name] = self.InstanceId;
            found[options.AwsZone.Name] = self.AvailabilityZone;
            found[options.AwsSubnet.Name] = self.SubnetId;
            found[options.AwsInterface.Name] = self.NetworkInterfaceId;
            found[options.HeartbeatListen.Name] = HeartbeatAddress(self);
            if (Given(options.AwsPeerInstanceId) is null || Given(options.AwsPeerSubnet) is null || Given(options.AwsPeerZone) is null || Given(options.Peer) is null)
            {
                var peer = await discovery.FindPeerAsync(tag, Value(options.AwsInstanceId)!, cancellationToken).ConfigureAwait(false);
                found[options.AwsPeerInstanceId.Name] = peer.InstanceId;
                found[options.AwsPeerZone.Name] = peer.AvailabilityZone;
                found[options.AwsPeerSubnet.Name] = peer.SubnetId;
                found[options.Peer.Name] = HeartbeatAddress(peer);
            }

            if (Value(options.AwsSubnet) != Value(options.AwsPeerSubnet) && Given(options.AwsAllocationId) is null)
            {
                found[options.AwsAllocationId.Name] = await discovery.FindElasticIpAsync(tag, cancellationToken).ConfigureAwait(false);
            }
        }

        // Only a move within one subnet puts the address on the NIC (across subnets the Elastic IP maps to an address the NIC already has).
        if (Given(options.VipDevice) is null && Value(options.AwsInterface) is { } eni && Value(options.AwsSubnet) is { } subnet && subnet == Value(options.AwsPeerSubnet))
        {
            var mac = eni == self?.NetworkInterfaceId ? self.MacAddress : await discovery.MacAddressOfAsync(eni, cancellationToken).ConfigureAwait(false);
            found[options.VipDevice.Name] = services.DeviceOfMac(mac)
                                            ?? throw new AwsPairDiscoveryException($"no network device of this host has the MAC address {mac} of {eni}; pass --ha-vip-device");
        }

        if (found.Count > 0)
        {
            logger.LogInformation("AWS takeover discovered {Values}", string.Join(", ", found.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}")));
        }

        return new AwsTakeoverContext(services.Ec2, found, services.Time);
    }

    private static string HeartbeatAddress(AwsPairMember member) => $"{member.PrivateIpAddress}:{HighAvailabilityDefaults.DiscoveredHeartbeatPort}";
}
