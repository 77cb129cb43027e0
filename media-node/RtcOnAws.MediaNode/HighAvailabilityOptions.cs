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

namespace RtcOnAws.MediaNode;

/// <summary>
/// The HA flags of the daemon (<c>--redis HOST:PORT/DB</c> as rtpengine, <c>--redis-key-prefix</c>, <c>--redis-expiry</c>,
/// <c>--ha-*</c>). Without <c>--redis</c> the node runs alone, exactly as before.
/// </summary>
public sealed class HighAvailabilityOptions
{
    private const int DefaultExpirySeconds = 3600;
    private static readonly int DefaultHeartbeatIntervalMs = (int)HeartbeatOptions.DefaultInterval.TotalMilliseconds;

    /// <summary>--redis.</summary>
    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "[PASSWORD@]HOST:PORT/DB of the Redis that stores calls and the leader lease (as rtpengine). Enables HA.",
    };

    /// <summary>--redis-key-prefix.</summary>
    public Option<string> KeyPrefix { get; } = new("--redis-key-prefix")
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
    public Option<string?> HeartbeatKeyFile { get; } = new("--ha-heartbeat-key-file")
    {
        Description = "File holding the heartbeat HMAC key shared by both nodes (at least 16 bytes; kept out of argv and logs).",
    };

    /// <summary>--ha-heartbeat-interval.</summary>
    public Option<int> HeartbeatInterval { get; } = new("--ha-heartbeat-interval")
    {
        Description = "Milliseconds between heartbeats.",
        DefaultValueFactory = _ => DefaultHeartbeatIntervalMs,
    };

    /// <summary>--ha-heartbeat-timeout.</summary>
    public Option<int> HeartbeatTimeout { get; } = new("--ha-heartbeat-timeout")
    {
        Description = "Milliseconds without a heartbeat after which the peer counts as silent.",
        DefaultValueFactory = _ => (int)RoleOptions.Default.HeartbeatTimeout.TotalMilliseconds,
    };

    /// <summary>--ha-lease-ttl.</summary>
    public Option<int> LeaseTtl { get; } = new("--ha-lease-ttl")
    {
        Description = "Milliseconds the active's Redis lease lives without renewal (bounds the takeover time after a crash).",
        DefaultValueFactory = _ => (int)RoleOptions.Default.LeaseTtl.TotalMilliseconds,
    };

    /// <summary>--ha-lease-renew.</summary>
    public Option<int> LeaseRenew { get; } = new("--ha-lease-renew")
    {
        Description = "Milliseconds between lease renewals by the active.",
        DefaultValueFactory = _ => (int)RoleOptions.Default.RenewInterval.TotalMilliseconds,
    };

    /// <summary>--ha-fence-margin.</summary>
    public Option<int> FenceMargin { get; } = new("--ha-fence-margin")
    {
        Description = "Milliseconds before its lease could lapse at which an active that cannot renew stops forwarding.",
        DefaultValueFactory = _ => (int)RoleOptions.Default.FenceMargin.TotalMilliseconds,
    };

    /// <summary>--ha-takeover.</summary>
    public Option<string> Takeover { get; } = new Option<string>("--ha-takeover")
    {
        Description = "How the floating address (--interface) moves on promotion: none, local (ip addr + gratuitous ARP) or aws (EC2 API + ip addr).",
        DefaultValueFactory = _ => "none",
    }.AcceptOnlyFromAmong("none", "local", "aws");

    /// <summary>--ha-vip-device.</summary>
    public Option<string?> VipDevice { get; } = new("--ha-vip-device")
    {
        Description = "Network device that gets the floating address (local and aws takeover), e.g. eth0.",
    };

    /// <summary>--ha-aws-instance-id.</summary>
    public Option<string?> AwsInstanceId { get; } = new("--ha-aws-instance-id") { Description = "aws takeover: this instance's id." };

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
        Redis, KeyPrefix, Expiry, NodeId, Peer, HeartbeatListen, HeartbeatKeyFile, HeartbeatInterval, HeartbeatTimeout,
        LeaseTtl, LeaseRenew, FenceMargin, Takeover, VipDevice, AwsInstanceId, AwsSubnet, AwsZone, AwsPeerInstanceId,
        AwsPeerSubnet, AwsPeerZone, AwsInterface, AwsPrivateIp, AwsAllocationId,
    ];

    /// <summary>Reports bad HA flags as parse errors (so they show like any other usage error).</summary>
    public void Validate(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        // Validators see only the options actually given, not their defaults: fill those in here.
        string? Text(string name)
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
            _ = ToSettings(result.GetValue(Redis), Text, Number, IPAddress.Loopback, 1024, 65535, null);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            result.AddError(e.Message);
        }
    }

    /// <summary>The HA settings, or <c>null</c> without <c>--redis</c>. Throws naming the bad flag.</summary>
    public HighAvailabilitySettings? ToSettings(ParseResult parse, IPAddress floatingAddress, int portMin, int portMax, ILoggerFactory loggers) =>
        ToSettings(parse.GetValue(Redis), name => parse.GetValue<string?>(name), name => parse.GetValue<int>(name), floatingAddress, portMin, portMax, loggers);

    private HighAvailabilitySettings? ToSettings(
        string? redis,
        Func<string, string?> text,
        Func<string, int> number,
        IPAddress floatingAddress,
        int portMin,
        int portMax,
        ILoggerFactory? loggers)
    {
        if (redis is null)
        {
            return null;
        }

        var endpoint = RedisEndpoint.Parse(redis);
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
            var keyFile = text(HeartbeatKeyFile.Name) ?? throw new FormatException("--ha-heartbeat-key-file is required with --ha-peer (heartbeats are authenticated)");
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

        var takeover = BuildTakeover(text, floatingAddress, loggers);
        return new HighAvailabilitySettings(nodeId, endpoint, prefix, TimeSpan.FromSeconds(expiry), floatingAddress, portMin, portMax, heartbeat, roles, takeover);
    }

    private IAddressTakeover BuildTakeover(Func<string, string?> text, IPAddress floatingAddress, ILoggerFactory? loggers)
    {
        var kind = text(Takeover.Name) ?? "none";
        if (kind == "none")
        {
            return new NoAddressTakeover();
        }

        var device = text(VipDevice.Name) ?? throw new FormatException($"--ha-vip-device is required with --ha-takeover {kind}");
        var logger = loggers?.CreateLogger("RtcOnAws.MediaNode.HighAvailability.Takeover") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var local = new LocalAddressTakeover(floatingAddress, device, logger);
        if (kind == "local")
        {
            return local;
        }

        string Required(Option<string?> option) => text(option.Name) ?? throw new FormatException($"{option.Name} is required with --ha-takeover aws");
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
        if (loggers is null)
        {
            // Validation only: check the combination without creating an EC2 client.
            if (options.SubnetId != options.PeerSubnetId && options.AllocationId is null)
            {
                throw new FormatException("--ha-aws-allocation-id is required when the peer is in another subnet (the Elastic IP is what moves)");
            }

            return local;
        }

        var aws = new AwsAddressTakeover(new AmazonEC2Client(new AwsClientOptions()), options, TimeProvider.System, logger);
        return new CompositeAddressTakeover(aws, local);
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
