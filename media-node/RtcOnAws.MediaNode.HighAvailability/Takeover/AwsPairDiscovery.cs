using Amazon.EC2;
using Amazon.EC2.Model;
using Microsoft.Extensions.Logging;
using RtcOnAws.Aws.Imds;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>
/// Finds the two nodes of a pair on AWS (<c>--ha-aws-pair-tag</c>), so the same user data can start either node: this
/// instance from IMDSv2, the peer as the one other instance carrying the pair tag, and (across subnets) the pair's
/// Elastic IP as the one address carrying it. Both nodes usually boot together, so while no other instance exists yet
/// the search is repeated with backoff; a second peer is a deployment error.
/// </summary>
public sealed class AwsPairDiscovery
{
    // A peer that is still booting or is stopped already has its private IP, subnet and AZ: use it (it is simply silent),
    // so a node never waits for a peer that an operator stopped. Terminated and shutting-down instances are gone.
    private static readonly List<string> PeerStates =
        [InstanceStateName.Pending, InstanceStateName.Running, InstanceStateName.Stopping, InstanceStateName.Stopped];

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly IInstanceMetadataClient _metadata;
    private readonly IAmazonEC2 _ec2;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the discovery.</summary>
    public AwsPairDiscovery(IInstanceMetadataClient metadata, IAmazonEC2 ec2, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(ec2);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _metadata = metadata;
        _ec2 = ec2;
        _time = time;
        _logger = logger;
    }

    /// <summary>Longest wait between two searches for a peer that is not running yet. Default: 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Shortest time between two "still waiting for the peer" log lines. Default: 5 s.</summary>
    public TimeSpan WaitLogInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// This instance from IMDSv2: instance-id, placement/availability-zone, mac, then that interface's interface-id and
    /// subnet-id, and local-ipv4.
    /// </summary>
    public async Task<AwsPairMember> DiscoverSelfAsync(CancellationToken cancellationToken)
    {
        var instanceId = (await _metadata.GetInstanceIdAsync(cancellationToken).ConfigureAwait(false)).Trim();
        var zone = (await _metadata.GetAvailabilityZoneAsync(cancellationToken).ConfigureAwait(false)).Trim();
        var mac = (await _metadata.GetMetadataAsync("mac", cancellationToken).ConfigureAwait(false)).Trim();
        var privateIp = (await _metadata.GetMetadataAsync("local-ipv4", cancellationToken).ConfigureAwait(false)).Trim();
        var interfaces = await _metadata.GetNetworkInterfacesAsync(cancellationToken).ConfigureAwait(false);
        var primary = interfaces.FirstOrDefault(i => string.Equals(i.MacAddress, mac, StringComparison.OrdinalIgnoreCase))
                      ?? throw new AwsPairDiscoveryException($"IMDS lists no network interface with this instance's MAC {mac}");
        var subnet = primary.SubnetId ?? throw new AwsPairDiscoveryException($"IMDS reports no subnet-id for interface {primary.NetworkInterfaceId}");
        return new AwsPairMember(instanceId, zone, subnet, primary.NetworkInterfaceId, mac.ToLowerInvariant(), privateIp);
    }

    /// <summary>
    /// The MAC address of <paramref name="networkInterfaceId"/>, which must be attached to this instance (IMDSv2
    /// network/interfaces/macs).
    /// </summary>
    public async Task<string> MacAddressOfAsync(string networkInterfaceId, CancellationToken cancellationToken)
    {
        var interfaces = await _metadata.GetNetworkInterfacesAsync(cancellationToken).ConfigureAwait(false);
        return interfaces.FirstOrDefault(i => i.NetworkInterfaceId == networkInterfaceId)?.MacAddress.ToLowerInvariant()
               ?? throw new AwsPairDiscoveryException(
                   $"network interface {networkInterfaceId} is not attached to this instance (IMDS lists {string.Join(", ", interfaces.Select(i => i.NetworkInterfaceId))})");
    }

    /// <summary>
    /// The one instance other than <paramref name="selfInstanceId"/> that carries <paramref name="tag"/> and is not
    /// terminated (DescribeInstances filtered by the tag and instance-state-name pending, running, stopping or stopped).
    /// Waits, with backoff, while there is none; throws <see cref="AwsPairDiscoveryException"/> when there are several.
    /// </summary>
    public async Task<AwsPairMember> FindPeerAsync(AwsPairTag tag, string selfInstanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var started = _time.GetTimestamp();
        var lastLog = (TimeSpan?)null;
        var delay = FirstRetryDelay;
        while (true)
        {
            var peers = await TaggedInstancesAsync(tag, cancellationToken).ConfigureAwait(false);
            peers.RemoveAll(i => i.InstanceId == selfInstanceId);
            if (peers.Count > 1)
            {
                throw new AwsPairDiscoveryException(
                    $"--ha-aws-pair-tag {tag}: {peers.Count} other instances carry the tag ({string.Join(", ", peers.Select(p => $"{p.InstanceId} {p.State?.Name}"))}); a pair has exactly one peer");
            }

            if (peers.Count == 1)
            {
                var peer = ToMember(peers[0], tag);
                _logger.LogInformation("Peer {PeerInstance} ({PeerState}, {PeerAddress}, {PeerSubnet}, {PeerZone}) found by tag {Tag}",
                    peer.InstanceId, peers[0].State?.Name, peer.PrivateIpAddress, peer.SubnetId, peer.AvailabilityZone, tag);
                return peer;
            }

            var waited = _time.GetElapsedTime(started);
            if (lastLog is null || waited - lastLog >= WaitLogInterval)
            {
                lastLog = waited;
                _logger.LogWarning("No peer instance tagged {Tag} yet (waited {Seconds:0} s); retrying", tag, waited.TotalSeconds);
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>The allocation id of the one Elastic IP that carries <paramref name="tag"/> (DescribeAddresses).</summary>
    public async Task<string> FindElasticIpAsync(AwsPairTag tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var response = await _ec2.DescribeAddressesAsync(new DescribeAddressesRequest
        {
            Filters = [new Filter(tag.FilterName, [tag.Value])],
        }, cancellationToken).ConfigureAwait(false);
        var addresses = response.Addresses ?? [];
        return addresses.Count switch
        {
            1 => addresses[0].AllocationId
                 ?? throw new AwsPairDiscoveryException($"the Elastic IP tagged {tag} has no allocation id (an EC2-Classic address?)"),
            0 => throw new AwsPairDiscoveryException(
                $"--ha-aws-pair-tag {tag}: the peer is in another subnet, so the Elastic IP moves, but no Elastic IP carries the tag; tag it or pass --ha-aws-allocation-id"),
            _ => throw new AwsPairDiscoveryException(
                $"--ha-aws-pair-tag {tag}: {addresses.Count} Elastic IPs carry the tag ({string.Join(", ", addresses.Select(a => a.AllocationId))}); pass --ha-aws-allocation-id"),
        };
    }

    private async Task<List<Instance>> TaggedInstancesAsync(AwsPairTag tag, CancellationToken cancellationToken)
    {
        var instances = new List<Instance>();
        string? next = null;
        do
        {
            var page = await _ec2.DescribeInstancesAsync(new DescribeInstancesRequest
            {
                Filters =
                [
                    new Filter(tag.FilterName, [tag.Value]),
                    new Filter("instance-state-name", PeerStates),
                ],
                NextToken = next,
            }, cancellationToken).ConfigureAwait(false);
            instances.AddRange((page.Reservations ?? []).SelectMany(r => r.Instances ?? []));
            next = page.NextToken;
        }
        while (next is not null);

        return instances;
    }

    private static AwsPairMember ToMember(Instance instance, AwsPairTag tag)
    {
        var primary = (instance.NetworkInterfaces ?? []).FirstOrDefault(n => n.Attachment?.DeviceIndex == 0);
        string Required(string? value, string what) =>
            value ?? throw new AwsPairDiscoveryException($"the peer {instance.InstanceId} tagged {tag} has no {what} in DescribeInstances");
        return new AwsPairMember(
            Required(instance.InstanceId, "instance id"),
            Required(instance.Placement?.AvailabilityZone, "Availability Zone"),
            Required(instance.SubnetId, "subnet"),
            Required(primary?.NetworkInterfaceId, "primary network interface"),
            Required(primary?.MacAddress, "primary MAC address").ToLowerInvariant(),
            Required(instance.PrivateIpAddress, "private IP address"));
    }
}
