using System.Globalization;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>
/// What each drill node runs, from the same contracts the CDK renders its nodes' files with: Kamailio's config from
/// <see cref="KamailioConfig"/> and media-node's config file and command line from <see cref="MediaNodeLaunch"/>. The
/// only words replaced are the AWS takeover's (<c>--ha-takeover aws --ha-aws-pair-tag …</c>, whose discovery of the
/// peer, the device and the heartbeat addresses needs EC2): the namespaces move the address as an on-premises pair does.
/// </summary>
public static class SbcNodeSetup
{
    /// <summary>The SIP domain the drill's SBC serves.</summary>
    public const string Domain = "sbc.drill.invalid";

    /// <summary>The pair id (its Redis key prefix).</summary>
    public const string PairId = "drill";

    /// <summary>Prefix of the pair's Redis keys.</summary>
    public static string KeyPrefix => MediaNodeHaLaunch.RedisKeyPrefix(PairId);

    /// <summary>Node <paramref name="node"/>'s Kamailio settings: floating address, DMQ to the peer, the callee as the one upstream.</summary>
    /// <param name="node">The node.</param>
    /// <param name="dialogTimeout">Dialog lifetime.</param>
    /// <param name="dispatcherFile">Where its dispatcher list goes.</param>
    /// <param name="runDirectory">Its own directory for the control socket (both nodes share one file system).</param>
    public static KamailioSettings Kamailio(SbcNode node, TimeSpan dialogTimeout, string dispatcherFile, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new KamailioSettings
        {
            FloatingAddress = DrillAddresses.Floating.ToString(),
            NodeAddress = node.Address.ToString(),
            PeerAddress = node.PeerAddress.ToString(),
            NodeIndex = node.Name == 'a' ? 0 : 1,
            Domain = Domain,
            Routing = SipRouting.Through(new SipUpstream(DrillAddresses.Callee.ToString())),
            DialogTimeoutSeconds = (int)dialogTimeout.TotalSeconds,
            DispatcherFile = dispatcherFile,
            ControlSocket = $"unix:{Path.Combine(runDirectory, "kamailio_ctl")}",
            // One SIPp host stands for every caller: flood limiting per source would refuse its call rate.
            Flood = new FloodLimits { WindowSeconds = 1, RequestsPerWindow = 100_000 },
        };
    }

    /// <summary>Node <paramref name="node"/>'s media-node launch as the CDK builds it (HA through Redis, the media-node's own default timers).</summary>
    public static MediaNodeLaunch MediaNode(SbcDrillSettings settings, string configFile, string heartbeatKeyFile)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var role = RoleOptions.Default;
        return MediaNodeLaunch.Create(
            new MediaNodeLaunchSettings
            {
                MediaAddress = DrillAddresses.Floating.ToString(),
                PortMin = settings.PortMin,
                PortMax = settings.PortMax,
                HighAvailability = new MediaNodeHaLaunch
                {
                    Redis = $"{DrillAddresses.Redis}:{DrillAddresses.RedisPort}/0",
                    RedisTls = false,
                    PairId = PairId,
                    HeartbeatIntervalMs = Milliseconds(HeartbeatOptions.DefaultInterval),
                    HeartbeatTimeoutMs = Milliseconds(role.HeartbeatTimeout),
                    LeaseTtlMs = Milliseconds(role.LeaseTtl),
                    LeaseRenewMs = Milliseconds(role.RenewInterval),
                    FenceMarginMs = Milliseconds(role.FenceMargin),
                },
            },
            configFile,
            heartbeatKeyFile);
    }

    /// <summary>
    /// The launch's arguments with the AWS takeover replaced by the local one (<c>ip addr add</c> + gratuitous ARP on the
    /// LAN device), the peer and heartbeat addresses the AWS discovery would have found, and <paramref name="extra"/>
    /// (which the daemon reads last, so test timers override the defaults).
    /// </summary>
    public static IReadOnlyList<string> LocalArguments(MediaNodeLaunch launch, SbcNode node, IReadOnlyList<string> extra)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(extra);
        var arguments = new List<string>();
        var overridden = extra.Where(e => e.StartsWith("--", StringComparison.Ordinal)).Select(e => e.Split('=')[0]).ToHashSet();
        for (var i = 0; i < launch.Arguments.Count; i++)
        {
            var word = launch.Arguments[i];
            if (word == MediaNodeFlags.HaTakeover)
            {
                arguments.AddRange(
                [
                    MediaNodeFlags.HaTakeover, "local",
                    "--ha-vip-device", DrillNetwork.LanDevice,
                    "--ha-node-id", $"node-{node.Name}",
                    "--ha-peer", $"{node.PeerPeerLink}:{Number(SbcPorts.PeerHeartbeat)}",
                    "--ha-heartbeat-listen", $"{node.PeerLink}:{Number(SbcPorts.PeerHeartbeat)}",
                ]);
                i++;
            }
            else if (word == MediaNodeFlags.HaAwsPairTag || overridden.Contains(word))
            {
                i++;
            }
            else
            {
                arguments.Add(word);
            }
        }

        return [.. arguments, .. extra];
    }

    private static int Milliseconds(TimeSpan value) => (int)value.TotalMilliseconds;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
