using System.CommandLine;
using System.CommandLine.Parsing;

namespace RtcOnAws.MediaNode;

/// <summary>
/// The HA flags of the daemon (<c>--redis HOST:PORT/DB</c> as rtpengine, <c>--redis-tls</c>, <c>--redis-key-prefix</c>,
/// <c>--redis-expiry</c>, <c>--ha-*</c>) and their defaults. Without <c>--redis</c> the node runs alone, exactly as before.
/// <see cref="HighAvailabilityValidation"/>, <see cref="AwsTakeoverDiscovery"/> and <see cref="HighAvailabilityComposition"/>
/// read the values <see cref="Resolve(ParseResult)"/> gives.
/// </summary>
public sealed class HighAvailabilityOptions
{
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
        DefaultValueFactory = _ => HighAvailabilityDefaults.KeyPrefix,
    };

    /// <summary>--redis-expiry.</summary>
    public Option<int> Expiry { get; } = new("--redis-expiry")
    {
        Description = "Seconds after which a call's value expires when neither signalling nor media refreshes it.",
        DefaultValueFactory = _ => HighAvailabilityDefaults.ExpirySeconds,
    };

    /// <summary>--ha-node-id.</summary>
    public Option<string> NodeId { get; } = new("--ha-node-id")
    {
        Description = "This node's id within the pair (lease owner, writer of each call). Default: the host name.",
        DefaultValueFactory = _ => HighAvailabilityDefaults.NodeId,
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
        DefaultValueFactory = _ => HighAvailabilityDefaults.HeartbeatIntervalMs,
    };

    /// <summary>--ha-heartbeat-timeout.</summary>
    public Option<int> HeartbeatTimeout { get; } = new(Sbc.Contracts.MediaNodeFlags.HaHeartbeatTimeout)
    {
        Description = "Milliseconds without a heartbeat after which the peer counts as silent.",
        DefaultValueFactory = _ => HighAvailabilityDefaults.HeartbeatTimeoutMs,
    };

    /// <summary>--ha-lease-ttl.</summary>
    public Option<int> LeaseTtl { get; } = new(Sbc.Contracts.MediaNodeFlags.HaLeaseTtl)
    {
        Description = "Milliseconds the active's Redis lease lives without renewal (bounds the takeover time after a crash).",
        DefaultValueFactory = _ => HighAvailabilityDefaults.LeaseTtlMs,
    };

    /// <summary>--ha-lease-renew.</summary>
    public Option<int> LeaseRenew { get; } = new(Sbc.Contracts.MediaNodeFlags.HaLeaseRenew)
    {
        Description = "Milliseconds between lease renewals by the active.",
        DefaultValueFactory = _ => HighAvailabilityDefaults.LeaseRenewMs,
    };

    /// <summary>--ha-fence-margin.</summary>
    public Option<int> FenceMargin { get; } = new(Sbc.Contracts.MediaNodeFlags.HaFenceMargin)
    {
        Description = "Milliseconds before its lease could lapse at which an active that cannot renew stops forwarding.",
        DefaultValueFactory = _ => HighAvailabilityDefaults.FenceMarginMs,
    };

    /// <summary>--ha-takeover.</summary>
    public Option<string> Takeover { get; } = new Option<string>(Sbc.Contracts.MediaNodeFlags.HaTakeover)
    {
        Description = "How the floating address (--interface) moves on promotion: none, local (ip addr + gratuitous ARP) or aws (EC2 API + ip addr).",
        DefaultValueFactory = _ => HighAvailabilityDefaults.Takeover,
    }.AcceptOnlyFromAmong("none", "local", "aws");

    /// <summary>--ha-vip-device.</summary>
    public Option<string?> VipDevice { get; } = new("--ha-vip-device")
    {
        Description = "Network device that gets the floating address, e.g. eth0. Required with local takeover; with aws it defaults to the device with the network interface's MAC address.",
    };

    /// <summary>--ha-aws-pair-tag.</summary>
    public Option<string?> AwsPairTag { get; } = new(Sbc.Contracts.MediaNodeFlags.HaAwsPairTag)
    {
        Description = "aws takeover: KEY=VALUE tag both instances of the pair carry. This node comes from IMDSv2, the peer is the one other (not terminated) instance with the tag, heartbeats default to both primary private IPs on port " + HighAvailabilityDefaults.DiscoveredHeartbeatPort + "; explicit --ha-aws-* flags win.",
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

    /// <summary>Puts every HA flag on <paramref name="command"/>, with <see cref="HighAvailabilityValidation"/> as its validator.</summary>
    public void AddTo(RootCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(new HighAvailabilityValidation(this).Validate);
    }

    /// <summary>What the command line says after parsing, defaults included.</summary>
    public HighAvailabilityArguments Resolve(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return Resolve(option => option switch
        {
            Option<int> number => parse.GetValue(number),
            Option<bool> flag => parse.GetValue(flag),
            Option<string?> text => parse.GetValue(text),
            _ => throw new InvalidOperationException($"{option.Name} has no reader"),
        });
    }

    /// <summary>
    /// What the command line says while a validator runs. Validators see only the options actually given, not their
    /// defaults, so the defaults come from the options themselves (<see cref="Option.GetDefaultValue"/>).
    /// </summary>
    public HighAvailabilityArguments Resolve(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Resolve(option => result.GetResult(option) is null
            ? option.HasDefaultValue ? option.GetDefaultValue() : null
            : option switch
            {
                Option<int> number => result.GetValue(number),
                Option<bool> flag => result.GetValue(flag),
                Option<string?> text => result.GetValue(text),
                _ => throw new InvalidOperationException($"{option.Name} has no reader"),
            });
    }

    private HighAvailabilityArguments Resolve(Func<Option, object?> value) =>
        new(All.ToDictionary(option => option.Name, value, StringComparer.Ordinal));
}
