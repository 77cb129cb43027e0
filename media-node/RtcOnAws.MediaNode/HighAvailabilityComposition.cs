using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcOnAws.MediaNode.HighAvailability;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Takeover;

namespace RtcOnAws.MediaNode;

/// <summary>
/// Builds the HA settings and the takeover objects from the resolved flags. Throws <see cref="FormatException"/>
/// naming the bad flag; validation runs the same code without a start context, so both report the same errors.
/// </summary>
public sealed class HighAvailabilityComposition(HighAvailabilityOptions options)
{
    /// <summary>How long the EC2 move waits for AWS to show the address on our interface.</summary>
    public static readonly TimeSpan AwsRemapTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The HA settings, or <c>null</c> without <c>--redis</c>. Throws naming the bad flag.</summary>
    /// <param name="arguments">The resolved flags (with <c>--ha-takeover aws</c>: what discovery found filled in).</param>
    /// <param name="floatingAddress">The media address (<c>--interface</c>): the pair's floating address.</param>
    /// <param name="portMin">Lowest media port.</param>
    /// <param name="portMax">Highest media port.</param>
    /// <param name="start">At start: logging and, with <c>--ha-takeover aws</c>, EC2; <c>null</c> while validating (nothing is built that acts).</param>
    public HighAvailabilitySettings? ToSettings(HighAvailabilityArguments arguments, IPAddress floatingAddress, int portMin, int portMax, HighAvailabilityStart? start)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(floatingAddress);
        var redis = arguments.Text(options.Redis);
        var tls = arguments.Flag(options.RedisTls);
        var caFile = arguments.Text(options.RedisTlsCaFile);
        if (redis is null)
        {
            if (tls || caFile is not null || arguments.Text(options.AwsPairTag) is not null)
            {
                throw new FormatException("--redis-tls, --redis-tls-ca-file and --ha-aws-pair-tag need --redis (they configure the HA pair)");
            }

            return null;
        }

        if (caFile is not null && !tls)
        {
            throw new FormatException("--redis-tls-ca-file is only used with --redis-tls; add --redis-tls");
        }

        if (arguments.Text(options.AwsPairTag) is { } tag)
        {
            if (arguments.Text(options.Takeover) != "aws")
            {
                throw new FormatException("--ha-aws-pair-tag is only used with --ha-takeover aws");
            }

            _ = AwsPairTag.Parse(tag);
        }

        var endpoint = RedisEndpoint.Parse(redis) with
        {
            Tls = !tls ? null : caFile is null ? RedisTls.UsingSystemTrust() : RedisTls.FromCaFile(caFile),
        };
        var prefix = arguments.Text(options.KeyPrefix)!;
        _ = new CallKeys(prefix);
        var expiry = arguments.Number(options.Expiry);
        if (expiry < 10)
        {
            throw new FormatException($"--redis-expiry {expiry} must be at least 10 seconds");
        }

        var nodeId = arguments.Text(options.NodeId)!;
        if (nodeId.Length is 0 or > 64)
        {
            throw new FormatException($"--ha-node-id '{nodeId}' must be 1-64 characters");
        }

        var roles = Roles(arguments);
        var heartbeat = Heartbeat(arguments, roles);
        var takeover = Takeover(arguments, floatingAddress, start);
        return new HighAvailabilitySettings(nodeId, endpoint, prefix, TimeSpan.FromSeconds(expiry), floatingAddress, portMin, portMax, heartbeat, roles, takeover);
    }

    private RoleOptions Roles(HighAvailabilityArguments arguments)
    {
        var roles = new RoleOptions(
            Milliseconds(arguments.Number(options.LeaseTtl)),
            Milliseconds(arguments.Number(options.LeaseRenew)),
            Milliseconds(arguments.Number(options.FenceMargin)),
            Milliseconds(arguments.Number(options.HeartbeatTimeout)),
            RoleOptions.Default.Tick);
        try
        {
            return roles.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message);
        }
    }

    private HeartbeatOptions? Heartbeat(HighAvailabilityArguments arguments, RoleOptions roles)
    {
        if (arguments.Text(options.Peer) is not { } peer)
        {
            return null;
        }

        var listen = arguments.Text(options.HeartbeatListen) ?? throw new FormatException("--ha-heartbeat-listen ADDRESS:PORT is required with --ha-peer");
        var keyFile = arguments.Text(options.HeartbeatKeyFile) ?? throw new FormatException("--ha-heartbeat-key-file is required with --ha-peer or --ha-aws-pair-tag (heartbeats are authenticated)");
        var key = File.ReadAllBytes(keyFile);
        if (key.Length < HeartbeatCodec.MinKeyLength)
        {
            throw new FormatException($"--ha-heartbeat-key-file {keyFile} holds {key.Length} bytes; at least {HeartbeatCodec.MinKeyLength} are needed");
        }

        var interval = arguments.Number(options.HeartbeatInterval);
        if (interval is < 1 or > 1000 || interval * 2 > roles.HeartbeatTimeout.TotalMilliseconds)
        {
            throw new FormatException($"--ha-heartbeat-interval {interval} must be 1-1000 ms and at most half of --ha-heartbeat-timeout");
        }

        return new HeartbeatOptions(EndPointText.Parse(listen, "--ha-heartbeat-listen"), EndPointText.Parse(peer, "--ha-peer"), Milliseconds(interval), key);
    }

    private IAddressTakeover Takeover(HighAvailabilityArguments arguments, IPAddress floatingAddress, HighAvailabilityStart? start)
    {
        var kind = arguments.Text(options.Takeover);
        if (kind == "none")
        {
            return new NoAddressTakeover();
        }

        var logger = start?.Loggers.CreateLogger("RtcOnAws.MediaNode.HighAvailability.Takeover") ?? NullLogger.Instance;
        if (kind == "local")
        {
            return new LocalAddressTakeover(floatingAddress, arguments.Text(options.VipDevice) ?? throw new FormatException("--ha-vip-device is required with --ha-takeover local"), logger);
        }

        string Required(System.CommandLine.Option<string?> option) =>
            arguments.Text(option) ?? throw new FormatException($"{option.Name} is required with --ha-takeover aws (or give --ha-aws-pair-tag to discover it)");
        var aws = new AwsTakeoverOptions(
            Required(options.AwsInstanceId),
            Required(options.AwsSubnet),
            Required(options.AwsZone),
            Required(options.AwsPeerInstanceId),
            Required(options.AwsPeerSubnet),
            Required(options.AwsPeerZone),
            Required(options.AwsInterface),
            arguments.Text(options.AwsPrivateIp) ?? floatingAddress.ToString(),
            arguments.Text(options.AwsAllocationId),
            AwsRemapTimeout);
        var sameSubnet = aws.SubnetId == aws.PeerSubnetId;
        if (!sameSubnet && aws.AllocationId is null)
        {
            throw new FormatException("--ha-aws-allocation-id is required when the peer is in another subnet (the Elastic IP is what moves)");
        }

        // Only at start: the parse-time validator does not know --interface.
        if (start is not null && sameSubnet && aws.PrivateIpAddress != floatingAddress.ToString())
        {
            throw new FormatException($"--ha-aws-private-ip {aws.PrivateIpAddress} must be the --interface address {floatingAddress} when both nodes share a subnet: the secondary private IP that moves is where media is bound");
        }

        // Within one subnet EC2 routes the secondary private IP to our interface but the OS does not configure it: add it
        // on the device first, so packets are received from the moment EC2 remaps, not only once our polling confirms it.
        LocalAddressTakeover? local = sameSubnet
            ? new LocalAddressTakeover(floatingAddress, arguments.Text(options.VipDevice) ?? throw new FormatException("--ha-vip-device is required with --ha-takeover aws in one subnet unless it is discovered (--ha-aws-pair-tag, or --ha-aws-eni on this instance)"), logger)
            : null;
        if (start is null)
        {
            return local ?? (IAddressTakeover)new NoAddressTakeover();
        }

        var context = start.Aws ?? throw new InvalidOperationException($"--ha-takeover aws starts only with the context of {nameof(AwsTakeoverDiscovery)}");
        var move = new AwsAddressTakeover(context.Ec2, aws, context.Time, logger);
        return local is null ? move : new CompositeAddressTakeover(local, move);
    }

    private static TimeSpan Milliseconds(int value) => TimeSpan.FromMilliseconds(value);
}
