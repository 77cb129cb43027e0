using System.Text;
using RtcOnAws.Constructs.Network;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// The user-data commands that install the media relay on an SBC node (Amazon Linux 2023): download and unpack the
/// <see cref="MediaNodeArtifact"/>, write its rtpengine-style config and a systemd unit. Every command is idempotent, so
/// re-running the user data installs a new build.
/// </summary>
public static class MediaNodeInstallation
{
    /// <summary>systemd unit name.</summary>
    public const string ServiceName = "rtconaws-media-node.service";

    /// <summary>Folder the publish is unpacked to.</summary>
    public const string InstallFolder = "/opt/rtconaws/media-node";

    /// <summary>The daemon's config file (section <c>[rtpengine]</c>).</summary>
    public const string ConfigFile = "/etc/rtconaws/media-node.conf";

    /// <summary>Unprivileged system user the daemon runs as.</summary>
    public const string ServiceUser = "rtconaws-media";

    private const string Executable = InstallFolder + "/RtcOnAws.MediaNode";
    private const string Imds = "http://169.254.169.254/latest";

    /// <summary>
    /// A standalone node needs no capability (media ports are above 1024, the non-local bind comes from the sysctl).
    /// A node of a hot-standby pair puts the floating address on its interface and sends a gratuitous ARP, and keeps its
    /// heartbeat and lease threads ahead of the media threads; still an unprivileged user with only these two capabilities.
    /// </summary>
    private static readonly string[] HighAvailabilityUnitLines =
    [
        $"AmbientCapabilities={MediaNodeHighAvailability.Capabilities}",
        $"CapabilityBoundingSet={MediaNodeHighAvailability.Capabilities}",
        $"LimitNICE={MediaNodeHighAvailability.HighPriorityNice}",
    ];

    /// <summary>Commands that download, unpack and configure the media node; <see cref="StartCommands"/> starts it.</summary>
    /// <param name="artifact">The zip to download.</param>
    /// <param name="region">Region of the bucket (the stack's region; may be a token).</param>
    /// <param name="mediaAddress">Private address media binds (the floating address the Elastic IP maps to; may be a token).</param>
    /// <param name="advertisedAddress">Address written into SDP (the Elastic IP; may be a token).</param>
    /// <param name="network">Supplies the RTP port range and the ng control port.</param>
    /// <param name="arguments">Appended to the daemon's command line.</param>
    /// <param name="highAvailability">
    /// Whether the daemon runs as one of a hot-standby pair: its unit then gets <see cref="MediaNodeHighAvailability.Capabilities"/>
    /// and may raise its threads to <see cref="MediaNodeHighAvailability.HighPriorityNice"/>.
    /// </param>
    internal static IEnumerable<string> InstallCommands(
        MediaNodeArtifact artifact, string region, string mediaAddress, string advertisedAddress, RtcNetwork network,
        IReadOnlyList<string> arguments, bool highAvailability)
    {
        const string zip = "/tmp/rtconaws-media-node.zip";
        const string staging = InstallFolder + ".new";
        return
        [
            $"id {ServiceUser} >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /sbin/nologin {ServiceUser}",
            // IMDSv2 is required on these instances: a session token first, then the node's own primary private address.
            $"IMDS_TOKEN=$(curl -sf --retry 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' {Imds}/api/token)",
            $"NODE_PRIVATE_IP=$(curl -sf --retry 5 -H \"X-aws-ec2-metadata-token: $IMDS_TOKEN\" {Imds}/meta-data/local-ipv4)",
            // S3 may not be reachable the very first seconds after boot.
            $"for attempt in 1 2 3 4 5 6 7 8 9 10; do aws s3 cp --only-show-errors --region {region} s3://{artifact.BucketName}/{artifact.ObjectKey} {zip} && break; " +
            "[ \"$attempt\" -lt 10 ] || exit 1; sleep 6; done",
            $"rm -rf {staging} && mkdir -p {staging}",
            // python3 ships with Amazon Linux 2023 (unzip is not guaranteed); zipfile drops modes, so restore the executable bit.
            $"python3 -m zipfile -e {zip} {staging}",
            $"chmod 0755 {staging}/RtcOnAws.MediaNode && chown -R root:root {staging}",
            $"rm -rf {InstallFolder} && mv {staging} {InstallFolder} && rm -f {zip}",
            // The standby of a same-AZ pair binds the floating address before the failover moves it to its ENI.
            "echo 'net.ipv4.ip_nonlocal_bind = 1' > /etc/sysctl.d/90-rtconaws-media-node.conf",
            "sysctl -q -p /etc/sysctl.d/90-rtconaws-media-node.conf",
            $"cat > {ConfigFile} <<CONF",
            "[rtpengine]",
            $"interface = {mediaAddress}!{advertisedAddress}",
            // The ng protocol has no authentication: the node's private address, which only the SBC group may reach.
            $"listen-ng = $NODE_PRIVATE_IP:{Port(network.NgControlPort)}",
            "listen-http = 127.0.0.1:2225",
            $"port-min = {Port(network.RtpPortRange.From)}",
            $"port-max = {Port(network.RtpPortRange.To)}",
            $"heartbeat-namespace = {MediaNodeHeartbeat.Namespace}",
            "CONF",
            $"chmod 0644 {ConfigFile}",
            $"cat > /etc/systemd/system/{ServiceName} <<'UNIT'",
            "[Unit]",
            "Description=RtcOnAws media node (rtpengine-compatible RTP relay)",
            "Wants=network-online.target",
            "After=network-online.target",
            "",
            "[Service]",
            "Type=simple",
            $"User={ServiceUser}",
            $"Group={ServiceUser}",
            $"Environment=AWS_REGION={region}",
            // The relay formats no culture-specific text; this avoids depending on libicu.
            "Environment=DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
            $"ExecStart={Executable} --config-file {ConfigFile}{string.Concat(arguments.Select(a => " " + SystemdQuote(a)))}",
            "Restart=always",
            "RestartSec=2",
            // One socket per RTP and RTCP port: the default 1024 descriptors would cap the relay at a few hundred calls.
            "LimitNOFILE=1048576",
            .. highAvailability ? HighAvailabilityUnitLines : [],
            "NoNewPrivileges=yes",
            "ProtectSystem=full",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "",
            "[Install]",
            "WantedBy=multi-user.target",
            "UNIT",
        ];
    }

    /// <summary>Commands that (re)start the installed media node and enable it at boot.</summary>
    internal static IEnumerable<string> StartCommands() =>
    [
        "systemctl daemon-reload",
        $"systemctl enable {ServiceName}",
        $"systemctl restart {ServiceName}",
    ];

    /// <summary>Whether <paramref name="argument"/> can go on a systemd <c>ExecStart</c> line through the user data.</summary>
    internal static bool IsSafeArgument(string argument) =>
        argument.Length > 0 && !argument.Any(char.IsControl);

    /// <summary>
    /// One systemd command-line word: double-quoted, with systemd's specifier (%) and variable ($) expansion escaped.
    /// A value holding deploy-time tokens (for example an endpoint address) is only quoted: escaping would break the token.
    /// </summary>
    internal static string SystemdQuote(string argument)
    {
        if (Amazon.CDK.Token.IsUnresolved(argument))
        {
            return $"\"{argument}\"";
        }
        var quoted = new StringBuilder("\"");
        foreach (var c in argument)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '%' => "%%",
                '$' => "$$",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    private static string Port(double port) => ((int)port).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
