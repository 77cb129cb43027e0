using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SecretsManager;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.State;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>Props of <see cref="SbcPair"/>.</summary>
public sealed class SbcPairProps
{
    /// <summary>The network to place the pair in (VPC, edge subnets, placement groups, SBC security group). Required.</summary>
    public required IRtcNetwork Network { get; init; }

    /// <summary>Both nodes in one AZ, or active and standby in two AZs.</summary>
    /// <remarks>Default: <see cref="SbcPairPlacement.SameAz"/>.</remarks>
    public SbcPairPlacement? Placement { get; init; }

    /// <summary>
    /// Index into the VPC's availability zones of the active node (and, with <see cref="SbcPairPlacement.SameAz"/>, of
    /// the standby). With <see cref="SbcPairPlacement.AcrossAzs"/> the standby goes to the next AZ (wrapping around).
    /// </summary>
    /// <remarks>Default: 0 (the first AZ).</remarks>
    public double? AvailabilityZoneIndex { get; init; }

    /// <summary>Instance type of both nodes; must be an ENA (enhanced networking) x86_64 family listed in <see cref="EnaInstanceFamilies"/>.</summary>
    /// <remarks>Default: <c>c5n.large</c>.</remarks>
    public InstanceType? InstanceType { get; init; }

    /// <summary>
    /// Machine image of both nodes: x86_64 Linux of the Debian family whose repositories carry Kamailio 5.6 or later with
    /// its standard modules and <c>awscli</c> (Debian 12, Ubuntu 24.04): the user data installs them with <c>apt-get</c>.
    /// </summary>
    /// <remarks>
    /// Default: the latest Debian 12 for x86_64, resolved at deploy time from the public SSM parameter
    /// <see cref="SbcNodePackages.DefaultImageParameter"/> (no lookup at synth).
    /// </remarks>
    public IMachineImage? MachineImage { get; init; }

    /// <summary>Size of the encrypted gp3 root volume in GiB, 8 to 16384.</summary>
    /// <remarks>Default: 16.</remarks>
    public double? RootVolumeSizeGiB { get; init; }

    /// <summary>
    /// Where each node's Kamailio sends calls from callers: upstream SIP destinations (a PBX, a trunk) form a dispatcher
    /// set probed with OPTIONS, tried in order with failover on timeout or 5xx; without upstreams the node forwards by
    /// Request-URI (an outbound proxy), but only into <see cref="SipDomain"/>. Requests from the upstreams may go to any
    /// Request-URI (calls toward callers).
    /// </summary>
    /// <remarks>Default: <see cref="SipRouting.ByRequestUri"/>.</remarks>
    public SipRouting? SipRouting { get; init; }

    /// <summary>
    /// The SIP domain the pair serves (host name or IPv4): callers' requests are accepted only when their Request-URI is
    /// in this domain, addressed to the SBC itself or to an upstream; anything else is refused with 403 (no open relay).
    /// </summary>
    /// <remarks>Default: the pair's Elastic IP address.</remarks>
    public string? SipDomain { get; init; }

    /// <summary>
    /// IPv4 CIDRs of trusted SIP peers besides the <see cref="SipRouting"/> upstreams (for example a PBX subnet in the VPC):
    /// their requests may go to any Request-URI and are not flood-limited.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string>? TrustedSipSourceCidrs { get; init; }

    /// <summary>
    /// IPv4 CIDRs of the WebRTC gateways (<see cref="Edge.WebRtcGateway"/>'s subnets): calls from or to them have a browser
    /// on that side, and media-node bridges its ICE/DTLS-SRTP to plain RTP on the other side.
    /// </summary>
    /// <remarks>Default: none (no WebRTC calls).</remarks>
    public IReadOnlyList<string>? WebRtcGatewayCidrs { get; init; }

    /// <summary>
    /// Gives each node's own primary private address an Elastic IP of its own, so the node reaches the distribution's
    /// package mirrors (the user data installs Kamailio with <c>apt-get</c>) through the edge subnet's internet gateway.
    /// Nothing listens on that address except what the security group admits from the pair (DMQ, heartbeats). Set false
    /// when the edge subnets reach the mirrors another way (a proxy, a NAT instance) or the image already carries the
    /// packages; the nodes then have no public address of their own.
    /// </summary>
    /// <remarks>Default: true (two more public IPv4 addresses per pair, see docs/infra.md for the cost).</remarks>
    public bool? NodeEgressAddresses { get; init; }

    /// <summary>
    /// Commands added to each node's user data after the packages are installed and (with <see cref="MediaNodeCode"/>) the
    /// media node's and Kamailio's files are written, and before they are started, so they can add files their arguments name.
    /// The user data runs with <c>set -euo pipefail</c>: a failing command stops it.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string>? ExtraUserDataCommands { get; init; }

    /// <summary>
    /// The media relay every node installs and runs: a zip of a linux-x64 self-contained publish of
    /// <c>media-node/RtcOnAws.MediaNode</c> (see <see cref="MediaNodeArtifact"/>). The user data downloads it with
    /// <c>aws s3 cp</c> (the role may read exactly that object), unpacks it to <see cref="SbcPaths.MediaNodeInstallFolder"/>,
    /// writes <see cref="SbcPaths.MediaNodeConfigFile"/> (media on the floating address advertising the Elastic IP, ng
    /// control on loopback for the node's own Kamailio, the network's RTP range, the CloudWatch heartbeat) and starts the
    /// systemd unit <see cref="SbcPaths.MediaNodeService"/> as an unprivileged user.
    /// </summary>
    /// <remarks>
    /// Default: none. No relay is installed and nothing publishes the heartbeat, so the heartbeat alarms stay in ALARM
    /// and the failover automation reacts to them, and Kamailio refuses calls with SDP (488); synth reports a warning. Install a relay yourself through
    /// <see cref="ExtraUserDataCommands"/> or a custom <see cref="MachineImage"/> that publishes the heartbeat.
    /// </remarks>
    public MediaNodeArtifact? MediaNodeCode { get; init; }

    /// <summary>
    /// Arguments appended to the media node's command line (after <c>--config-file</c> and the high-availability flags,
    /// so they win over the file), for example <c>--log-level debug</c> or HA timers such as <c>--ha-lease-ttl 400</c>.
    /// Each element is one argument; values may be deploy-time tokens. Only with <see cref="MediaNodeCode"/>. With
    /// <see cref="SessionStore"/> the flags the construct sets itself (<see cref="MediaNodeLaunch.HighAvailabilityFlags"/>)
    /// are refused.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<string>? MediaNodeExtraArguments { get; init; }

    /// <summary>
    /// Runs the pair's media nodes as a high-availability pair on this session store: the active keeps every call in
    /// Redis (TLS), the standby mirrors each call with its ports already bound on the floating address and, when the
    /// active stops, takes the Redis lease and moves the floating address to itself through the EC2 API within
    /// milliseconds of detection (see <see cref="MediaNodeHighAvailability"/> for the flags, the heartbeat key, the
    /// capabilities and the IAM it adds). Only with <see cref="MediaNodeCode"/>, a same-AZ <see cref="Placement"/>, and a
    /// store of the same <see cref="Network"/> whose keyspace events include <see cref="SessionStore.StandbyKeyspaceEvents"/>.
    /// </summary>
    /// <remarks>
    /// Default: none. Each node relays on its own; calls survive only as long as their node, and the failover
    /// automation moves the floating address (seconds to minutes after an alarm).
    /// </remarks>
    public ISessionStore? SessionStore { get; init; }

    /// <summary>Failure-detection timers of the media nodes; only with <see cref="SessionStore"/>.</summary>
    /// <remarks>
    /// Default: heartbeats every 20 ms, peer silent after 150 ms, lease 300 ms renewed every 50 ms, fencing 100 ms early
    /// (slower than the daemon's LAN defaults: see <see cref="MediaNodeHaTimers"/>).
    /// </remarks>
    public MediaNodeHaTimers? HighAvailabilityTimers { get; init; }

    /// <summary>
    /// The secret holding the pair's shared heartbeat key (HMAC of the peer heartbeats): its <c>SecretString</c> is the key
    /// itself, at least 16 characters. The nodes' role may read exactly this secret. Only with <see cref="SessionStore"/>.
    /// </summary>
    /// <remarks>Default: with <see cref="SessionStore"/>, a new secret with a generated 48-character alphanumeric key.</remarks>
    public ISecret? HeartbeatKeySecret { get; init; }

    /// <summary>Period of the heartbeat alarm: 10, 20 or 30 seconds (high-resolution metric) or a multiple of 60 seconds.</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public Duration? HeartbeatPeriod { get; init; }

    /// <summary>Consecutive periods without a heartbeat before the node is declared dead, 1 to 10.</summary>
    /// <remarks>Default: 3 (30 s with the default period).</remarks>
    public double? HeartbeatEvaluationPeriods { get; init; }
}
