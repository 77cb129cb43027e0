using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Microsoft.Extensions.Logging;
using RtcOnAws.Aws;
using RtcOnAws.Aws.EC2;
using RtcOnAws.MediaNode.HighAvailability;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using PairTagValue = RtcOnAws.MediaNode.HighAvailability.Takeover.AwsPairTag;

namespace RtcOnAws.MediaNode;

/// <summary>
/// The HA flags of the daemon (<c>--redis HOST:PORT/DB</c> as rtpengine, <c>--redis-tls</c>, <c>--redis-key-prefix</c>,
/// <c>--redis-expiry</c>, <c>--ha-*</c>). Without <c>--redis</c> the node runs alone, exactly as before.
/// </summary>
public sealed class HighAvailabilityOptions
{
    /// <summary>UDP port of the peer heartbeats when <c>--ha-aws-pair-tag</c> derives their addresses (the CDK security group allows it between the nodes).</summary>
    public const int DiscoveredHeartbeatPort = Sbc.Contracts.SbcPorts.PeerHeartbeat;

    private const int DefaultExpirySeconds = 3600;
    private static readonly int DefaultHeartbeatIntervalMs = (int)HeartbeatOptions.DefaultInterval.TotalMilliseconds;

    /// <summary>--redis.</summary>
    public Option<string?> Redis { get; } = new(Sbc.Contracts.MediaNodeFlags.Redis)
    {
        Description = "[PASSWORD@]HOST:PORT/DB of the Redis that stores calls and the leader lease (as rtpengine). Enables HA.",
    };

    /// <summary>--redis-tls.</summary>
    public Option<bool> RedisTls { get; } = new(Sbc.Contracts.MediaNodeFlags.RedisTls)
    {
        Description = "Connect to Redis over TLS (required by ElastiCache with encryption in transit). The certificate must name the host of --redis and chain to the system trust store, or to --redis-tls-ca-file.",
    };

    /// <summary>--redis-tls-ca-file.</summary>
    public Option<string?> RedisTlsCaFile { get; } = new("--redis-tls-ca-file")
    {
        Description = "With --redis-tls: PEM file of the CA certificate(s) to trust instead of the system trust store (private CAs).",
    };

    /// <summary>--redis-key-prefix.</summary>
    public Option<string> KeyPrefix { get; } = new(Sbc.Contracts.MediaNodeFlags.RedisKeyPrefix)
    {
        Description = "Prefix of every key; both nodes of a pair share it, different pairs on one Redis must not.",
        DefaultValueFactory = _ => CallKeys.DefaultPrefix,
    };

    /// <summary>--redis-expiry.</summary>
    public Option<int> Expiry { get; } = new("--redis-expiry")
    {
        Description = "Seconds after which a call's value expires when neither signalling nor media refreshes it.",
        DefaultValueFactory = _ => DefaultExpirySeconds,
    };

    /// <summary>--ha-node-id.</summary>
    public Option<string> NodeId { get; } = new("--ha-node-id")
    {
        Description = "This node's id within the pair (lease owner, writer of each call). Default: the host name.",
        DefaultValueFactory = _ => Environment.MachineName,
    };

    /// <summary>--ha-peer.</summary>
    public Option<string?> Peer { get; } = new("--ha-peer")
    {
        Description = "ADDRESS:PORT where the peer node receives heartbeats. Without it the node works alone and takes the lease when it is free.",
    };

    /// <summary>--ha-heartbeat-listen.</summary>
    public Option<string?> HeartbeatListen { get; } = new("--ha-heartbeat-listen")
    {
        Description = "ADDRESS:PORT where this node receives the peer's heartbeats (a private or dedicated link).",
    };

    /// <summary>--ha-heartbeat-key-file.</summary>
    public Option<string?> HeartbeatKeyFile { get; } = new(Sbc.Contracts.MediaNodeFlags.HaHeartbeatKeyFile)
    {
        Description = "File holding the heartbeat HMAC key shared by both nodes (at least 16 bytes; kept out of argv and logs).",
    };

    /// <summary>--ha-heartbeat-interval.</summary>
    public Option<int> HeartbeatInterval { get; } = new(Sbc.Contracts.MediaNodeFlags.HaHeartbeatInterval)
    {
        Description = "Milliseconds between heartbeats.",
        DefaultValueFactory = _ => DefaultHeartbeatIntervalMs,
    };

    /// <summary>--ha-heartbeat-timeout.</summary>
    public Option<int> HeartbeatTimeout { get; } = new(Sbc.Contracts.MediaNodeFlags.HaHeartbeatTimeout)
    {
        Description = "Milliseconds without a heartbeat after which the peer counts as silent.",
        DefaultValueFactory = _ => (int)RoleOptions.Default.HeartbeatTimeout.TotalMilliseconds,
    };

    /// <summary>--ha-lease-ttl.</summary>
    public Option<int> LeaseTtl { get; } = new(Sbc.Contracts.MediaNodeFlags.HaLeaseTtl)
    {
        Description = "Milliseconds the active's Redis lease lives without renewal (bounds the takeover time after a crash).",
        DefaultValueFactory = _ => (int)RoleOptions.Default.LeaseTtl.TotalMilliseconds,
    };

    /// <summary>--ha-lease-renew.</summary>
    public Option<int> LeaseRenew { get; } = new(Sbc.Contracts.MediaNodeFlags.HaLeaseRenew)
    {
        Description = "Milliseconds between lease renewals by the active.",
        DefaultValueFactory = _ => (int)RoleOptions.Default.RenewInterval.TotalMilliseconds,
    };

    /// <summary>--ha-fence-margin.</summary>
    public Option<int> FenceMargin { get; } = new(Sbc.Contracts.MediaNodeFlags.HaFenceMargin)
    {
        Description = "Milliseconds before its lease could lapse at which an active that cannot renew stops forwarding.",
        DefaultValueFactory = _ => (int)RoleOptions.Default.FenceMargin.TotalMilliseconds,
    };

    /// <summary>--ha-takeover.</summary>
    public Option<string> Takeover { get; } = new Option<string>(Sbc.Contracts.MediaNodeFlags.HaTakeover)
    {
        Description = "How the floating address (--interface) moves on promotion: none, local (ip addr + gratuitous ARP) or aws (EC2 API + ip addr).",
        DefaultValueFactory = _ => "none",
    }.AcceptOnlyFromAmong("none", "local", "aws");

    /// <summary>--ha-vip-device.</summary>
    public Option<string?> VipDevice { get; } = new("--ha-vip-device")
    {
        Description = "Network device that gets the floating address, e.g. eth0. Required with local takeover; with aws it defaults to the device with the network interface's MAC address.",
    };

    /// <summary>--ha-aws-pair-tag.</summary>
    public Option<string?> AwsPairTag { get; } = new(Sbc.Contracts.MediaNodeFlags.HaAwsPairTag)
    {
        Description = "aws takeover: KEY=VALUE tag both instances of the pair carry. This node comes from IMDSv2, the peer is the one other (not terminated) instance with the tag, heartbeats default to both primary private IPs on port 7000; explicit --ha-aws-* flags win.",
    };

    /// <summary>--ha-aws-instance-id.</summary>
    public Option<string?> AwsInstanceId { get; } = new("--ha-aws-instance-id") { Description = "aws takeover: this instance's id (default with --ha-aws-pair-tag: from IMDS)." };

    /// <summary>--ha-aws-subnet.</summary>
    public Option<string?> AwsSubnet { get; } = new("--ha-aws-subnet") { Description = "aws takeover: this instance's subnet id." };

    /// <summary>--ha-aws-az.</summary>
    public Option<string?> AwsZone { get; } = new("--ha-aws-az") { Description = "aws takeover: this instance's availability zone." };

    /// <summary>--ha-aws-peer-instance-id.</summary>
    public Option<string?> AwsPeerInstanceId { get; } = new("--ha-aws-peer-instance-id") { Description = "aws takeover: the peer's instance id." };

    /// <summary>--ha-aws-peer-subnet.</summary>
    public Option<string?> AwsPeerSubnet { get; } = new("--ha-aws-peer-subnet") { Description = "aws takeover: the peer's subnet id (same subnet: secondary IP move; else Elastic IP move)." };

    /// <summary>--ha-aws-peer-az.</summary>
    public Option<string?> AwsPeerZone { get; } = new("--ha-aws-peer-az") { Description = "aws takeover: the peer's availability zone." };

    /// <summary>--ha-aws-eni.</summary>
    public Option<string?> AwsInterface { get; } = new("--ha-aws-eni") { Description = "aws takeover: this instance's network interface that receives the address." };

    /// <summary>--ha-aws-private-ip.</summary>
    public Option<string?> AwsPrivateIp { get; } = new("--ha-aws-private-ip") { Description = "aws takeover: same subnet, the floating secondary private IP; across subnets, our private IP the Elastic IP maps to. Default: --interface." };

    /// <summary>--ha-aws-allocation-id.</summary>
    public Option<string?> AwsAllocationId { get; } = new("--ha-aws-allocation-id") { Description = "aws takeover across subnets: the Elastic IP's allocation id." };

    /// <summary>Every option, in help order.</summary>
    public IEnumerable<Option> All =>
    [
        Redis, RedisTls, RedisTlsCaFile, KeyPrefix, Expiry, NodeId, Peer, HeartbeatListen, HeartbeatKeyFile, HeartbeatInterval, HeartbeatTimeout,
        LeaseTtl, LeaseRenew, FenceMargin, Takeover, VipDevice, AwsPairTag, AwsInstanceId, AwsSubnet, AwsZone, AwsPeerInstanceId,
        AwsPeerSubnet, AwsPeerZone, AwsInterface, AwsPrivateIp, AwsAllocationId,
    ];

    /// <summary>Reports bad HA flags as parse errors (so they show like any other usage error).</summary>
    public void Validate(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        // Validators see only the options actually given, not their defaults: fill those in here.
        string? Given(string name)
        {
            var option = All.First(o => o.Name == name);
            return result.GetResult(option) is null ? DefaultText(option) : result.GetValue<string?>(name);
        }

        int Number(string name)
        {
            var option = All.First(o => o.Name == name);
            return result.GetResult(option) is null ? DefaultNumber(option) : result.GetValue<int>(name);
        }

        try
        {
            // Discovery runs only at start: stand-ins for what it will find let every other check run now.
            var pending = Given(Takeover.Name) != "aws" ? Empty : result.GetValue(AwsPairTag) is null ? DeviceStandIn : PairStandIns;
            _ = ToSettings(result.GetValue(Redis), result.GetValue(RedisTls), name => Given(name) ?? pending.GetValueOrDefault(name), Number, IPAddress.Loopback, 1024, 65535, null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            result.AddError(e.Message);
        }
    }

    /// <summary>Whether the node moves its address through EC2 (<c>--redis</c> with <c>--ha-takeover aws</c>).</summary>
    public bool UsesAwsTakeover(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(Redis) is not null && parse.GetValue(Takeover) == "aws";
    }

    /// <summary>
    /// What <c>--ha-takeover aws</c> finds out before the settings can be built: with <c>--ha-aws-pair-tag</c> this node
    /// (IMDSv2), its peer (waiting until it runs) and, across subnets, the pair's Elastic IP; in one subnet the device
    /// with the network interface's MAC address. Only what no flag gives is looked up, except that the pair tag always
    /// reads this node from IMDS. Throws <see cref="AwsPairDiscoveryException"/> for a pair that cannot be resolved.
    /// </summary>
    public async Task<AwsTakeoverContext> DiscoverAwsAsync(ParseResult parse, AwsTakeoverServices services, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(services);
        string? Given(Option<string?> option) => parse.GetValue(option);
        var discovery = new AwsPairDiscovery(services.Metadata, services.Ec2, services.Time, logger);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Value(Option<string?> option) => Given(option) ?? found.GetValueOrDefault(option.Name);

        AwsPairMember? self = null;
        if (Given(AwsPairTag) is { } tagText)
        {
            var tag = PairTagValue.Parse(tagText);
            self = await discovery.DiscoverSelfAsync(cancellationToken).ConfigureAwait(false);
            found[AwsInstanceId.Name] = self.InstanceId;
            found[AwsZone.Name] = self.AvailabilityZone;
            found[AwsSubnet.Name] = self.SubnetId;
            found[AwsInterface.Name] = self.NetworkInterfaceId;
            found[HeartbeatListen.Name] = HeartbeatAddress(self);
            if (Given(AwsPeerInstanceId) is null || Given(AwsPeerSubnet) is null || Given(AwsPeerZone) is null || Given(Peer) is null)
            {
                var peer = await discovery.FindPeerAsync(tag, Value(AwsInstanceId)!, cancellationToken).ConfigureAwait(false);
                found[AwsPeerInstanceId.Name] = peer.InstanceId;
                found[AwsPeerZone.Name] = peer.AvailabilityZone;
                found[AwsPeerSubnet.Name] = peer.SubnetId;
                found[Peer.Name] = HeartbeatAddress(peer);
            }

            if (Value(AwsSubnet) != Value(AwsPeerSubnet) && Given(AwsAllocationId) is null)
            {
                found[AwsAllocationId.Name] = await discovery.FindElasticIpAsync(tag, cancellationToken).ConfigureAwait(false);
            }
        }

        // Only a move within one subnet puts the address on the NIC (across subnets the Elastic IP maps to an address the NIC already has).
        if (Given(VipDevice) is null && Value(AwsInterface) is { } eni && Value(AwsSubnet) is { } subnet && subnet == Value(AwsPeerSubnet))
        {
            var mac = eni == self?.NetworkInterfaceId ? self.MacAddress : await discovery.MacAddressOfAsync(eni, cancellationToken).ConfigureAwait(false);
            found[VipDevice.Name] = services.DeviceOfMac(mac)
                                    ?? throw new AwsPairDiscoveryException($"no network device of this host has the MAC address {mac} of {eni}; pass --ha-vip-device");
        }

        if (found.Count > 0)
        {
            logger.LogInformation("AWS takeover discovered {Values}", string.Join(", ", found.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}")));
        }

        return new AwsTakeoverContext(services.Ec2, found, services.Time);
    }

    /// <summary>The HA settings, or <c>null</c> without <c>--redis</c>. Throws naming the bad flag.</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="floatingAddress">The media address (<c>--interface</c>): the pair's floating address.</param>
    /// <param name="portMin">Lowest media port.</param>
    /// <param name="portMax">Highest media port.</param>
    /// <param name="loggers">Logging.</param>
    /// <param name="aws">With <c>--ha-takeover aws</c>: EC2 and what <see cref="DiscoverAwsAsync"/> found (flags win over it).</param>
    public HighAvailabilitySettings? ToSettings(ParseResult parse, IPAddress floatingAddress, int portMin, int portMax, ILoggerFactory loggers, AwsTakeoverContext? aws)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var discovered = aws?.Discovered ?? Empty;
        return ToSettings(
            parse.GetValue(Redis),
            parse.GetValue(RedisTls),
            name => parse.GetValue<string?>(name) ?? discovered.GetValueOrDefault(name),
            name => parse.GetValue<int>(name),
            floatingAddress,
            portMin,
            portMax,
            (loggers, aws));
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private IReadOnlyDictionary<string, string> DeviceStandIn => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [VipDevice.Name] = "discovered",
    };

    private IReadOnlyDictionary<string, string> PairStandIns => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AwsAllocationId.Name] = "eipalloc-discovered",
        [AwsInstanceId.Name] = "i-discovered-self",
        [AwsZone.Name] = "discovered-zone",
        [AwsSubnet.Name] = "subnet-discovered",
        [AwsInterface.Name] = "eni-discovered",
        [AwsPeerInstanceId.Name] = "i-discovered-peer",
        [AwsPeerZone.Name] = "discovered-zone",
        [AwsPeerSubnet.Name] = "subnet-discovered",
        [VipDevice.Name] = "discovered",
        [HeartbeatListen.Name] = $"192.0.2.1:{DiscoveredHeartbeatPort}",
        [Peer.Name] = $"192.0.2.2:{DiscoveredHeartbeatPort}",
    };

    private static string HeartbeatAddress(AwsPairMember member) => $"{member.PrivateIpAddress}:{DiscoveredHeartbeatPort}";

    private HighAvailabilitySettings? ToSettings(
        string? redis,
        bool tls,
        Func<string, string?> text,
        Func<string, int> number,
        IPAddress floatingAddress,
        int portMin,
        int portMax,
        (ILoggerFactory Loggers, AwsTakeoverContext? Aws)? start)
    {
        var caFile = text(RedisTlsCaFile.Name);
        if (redis is null)
        {
            if (tls || caFile is not null || text(AwsPairTag.Name) is not null)
            {
                throw new FormatException("--redis-tls, --redis-tls-ca-file and --ha-aws-pair-tag need --redis (they configure the HA pair)");
            }

            return null;
        }

        if (caFile is not null && !tls)
        {
            throw new FormatException("--redis-tls-ca-file is only used with --redis-tls; add --redis-tls");
        }

        if (text(AwsPairTag.Name) is { } tag)
        {
            if (text(Takeover.Name) != "aws")
            {
                throw new FormatException("--ha-aws-pair-tag is only used with --ha-takeover aws");
            }

            _ = PairTagValue.Parse(tag);
        }

        var endpoint = RedisEndpoint.Parse(redis) with
        {
            Tls = !tls ? null : caFile is null ? HighAvailability.Redis.RedisTls.UsingSystemTrust() : HighAvailability.Redis.RedisTls.FromCaFile(caFile),
        };
        var prefix = text(KeyPrefix.Name) ?? CallKeys.DefaultPrefix;
        _ = new CallKeys(prefix);
        var expiry = number(Expiry.Name);
        if (expiry < 10)
        {
            throw new FormatException($"--redis-expiry {expiry} must be at least 10 seconds");
        }

        var nodeId = text(NodeId.Name) ?? Environment.MachineName;
        if (nodeId.Length is 0 or > 64)
        {
            throw new FormatException($"--ha-node-id '{nodeId}' must be 1-64 characters");
        }

        var roles = new RoleOptions(
            Milliseconds(number(LeaseTtl.Name)),
            Milliseconds(number(LeaseRenew.Name)),
            Milliseconds(number(FenceMargin.Name)),
            Milliseconds(number(HeartbeatTimeout.Name)),
            RoleOptions.Default.Tick);
        try
        {
            roles.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message);
        }

        HeartbeatOptions? heartbeat = null;
        if (text(Peer.Name) is { } peer)
        {
            var listen = text(HeartbeatListen.Name) ?? throw new FormatException("--ha-heartbeat-listen ADDRESS:PORT is required with --ha-peer");
            var keyFile = text(HeartbeatKeyFile.Name) ?? throw new FormatException("--ha-heartbeat-key-file is required with --ha-peer or --ha-aws-pair-tag (heartbeats are authenticated)");
            var key = File.ReadAllBytes(keyFile);
            if (key.Length < HeartbeatCodec.MinKeyLength)
            {
                throw new FormatException($"--ha-heartbeat-key-file {keyFile} holds {key.Length} bytes; at least {HeartbeatCodec.MinKeyLength} are needed");
            }

            var interval = number(HeartbeatInterval.Name);
            if (interval is < 1 or > 1000 || interval * 2 > roles.HeartbeatTimeout.TotalMilliseconds)
            {
                throw new FormatException($"--ha-heartbeat-interval {interval} must be 1-1000 ms and at most half of --ha-heartbeat-timeout");
            }

            heartbeat = new HeartbeatOptions(EndPointText.Parse(listen, "--ha-heartbeat-listen"), EndPointText.Parse(peer, "--ha-peer"), Milliseconds(interval), key);
        }

        var takeover = BuildTakeover(text, floatingAddress, start);
        return new HighAvailabilitySettings(nodeId, endpoint, prefix, TimeSpan.FromSeconds(expiry), floatingAddress, portMin, portMax, heartbeat, roles, takeover);
    }

    private IAddressTakeover BuildTakeover(Func<string, string?> text, IPAddress floatingAddress, (ILoggerFactory Loggers, AwsTakeoverContext? Aws)? start)
    {
        var kind = text(Takeover.Name) ?? "none";
        if (kind == "none")
        {
            return new NoAddressTakeover();
        }

        var logger = start?.Loggers.CreateLogger("RtcOnAws.MediaNode.HighAvailability.Takeover") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        if (kind == "local")
        {
            return new LocalAddressTakeover(floatingAddress, text(VipDevice.Name) ?? throw new FormatException("--ha-vip-device is required with --ha-takeover local"), logger);
        }

        string Required(Option<string?> option) =>
            text(option.Name) ?? throw new FormatException($"{option.Name} is required with --ha-takeover aws (or give --ha-aws-pair-tag to discover it)");
        var options = new AwsTakeoverOptions(
            Required(AwsInstanceId),
            Required(AwsSubnet),
            Required(AwsZone),
            Required(AwsPeerInstanceId),
            Required(AwsPeerSubnet),
            Required(AwsPeerZone),
            Required(AwsInterface),
            text(AwsPrivateIp.Name) ?? floatingAddress.ToString(),
            text(AwsAllocationId.Name),
            TimeSpan.FromSeconds(30));
        var sameSubnet = options.SubnetId == options.PeerSubnetId;
        if (!sameSubnet && options.AllocationId is null)
        {
            throw new FormatException("--ha-aws-allocation-id is required when the peer is in another subnet (the Elastic IP is what moves)");
        }

        // Only at start: the parse-time validator does not know --interface.
        if (start is not null && sameSubnet && options.PrivateIpAddress != floatingAddress.ToString())
        {
            throw new FormatException($"--ha-aws-private-ip {options.PrivateIpAddress} must be the --interface address {floatingAddress} when both nodes share a subnet: the secondary private IP that moves is where media is bound");
        }

        // Within one subnet EC2 routes the secondary private IP to our interface but the OS does not configure it: add it
        // on the device first, so packets are received from the moment EC2 remaps, not only once our polling confirms it.
        LocalAddressTakeover? local = sameSubnet
            ? new LocalAddressTakeover(floatingAddress, text(VipDevice.Name) ?? throw new FormatException("--ha-vip-device is required with --ha-takeover aws in one subnet unless it is discovered (--ha-aws-pair-tag, or --ha-aws-eni on this instance)"), logger)
            : null;
        if (start is null)
        {
            return local ?? (IAddressTakeover)new NoAddressTakeover();
        }

        var aws = start.Value.Aws ?? throw new InvalidOperationException($"--ha-takeover aws starts only with the context of {nameof(DiscoverAwsAsync)}");
        var move = new AwsAddressTakeover(aws.Ec2, options, aws.Time, logger);
        return local is null ? move : new CompositeAddressTakeover(local, move);
    }
    private static TimeSpan Milliseconds(int value) => TimeSpan.FromMilliseconds(value);

    private string? DefaultText(Option option) =>
        option == KeyPrefix ? CallKeys.DefaultPrefix
        : option == NodeId ? Environment.MachineName
        : option == Takeover ? "none"
        : null;

    private int DefaultNumber(Option option) =>
        option == Expiry ? DefaultExpirySeconds
        : option == HeartbeatInterval ? DefaultHeartbeatIntervalMs
        : option == HeartbeatTimeout ? (int)RoleOptions.Default.HeartbeatTimeout.TotalMilliseconds
        : option == LeaseTtl ? (int)RoleOptions.Default.LeaseTtl.TotalMilliseconds
        : option == LeaseRenew ? (int)RoleOptions.Default.RenewInterval.TotalMilliseconds
        : option == FenceMargin ? (int)RoleOptions.Default.FenceMargin.TotalMilliseconds
        : 0;
}
