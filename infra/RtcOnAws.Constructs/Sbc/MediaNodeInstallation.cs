using System.Text;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// The user-data commands that install the media relay on an SBC node: download and unpack the
/// <see cref="MediaNodeArtifact"/>, write the config file and systemd unit of its <see cref="MediaNodeLaunch"/>. Every
/// command is idempotent, so re-running the user data installs a new build.
/// </summary>
public static class MediaNodeInstallation
{
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
    /// <param name="launch">The config file and command line (values may be tokens).</param>
    /// <param name="highAvailability">
    /// Whether the daemon runs as one of a hot-standby pair: its unit then gets <see cref="MediaNodeHighAvailability.Capabilities"/>
    /// and may raise its threads to <see cref="MediaNodeHighAvailability.HighPriorityNice"/>.
    /// </param>
    internal static IEnumerable<string> InstallCommands(MediaNodeArtifact artifact, string region, MediaNodeLaunch launch, bool highAvailability)
    {
        const string zip = "/tmp/rtconaws-media-node.zip";
        const string staging = SbcPaths.MediaNodeInstallFolder + ".new";
        return
        [
            $"id {SbcPaths.MediaNodeUser} >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin {SbcPaths.MediaNodeUser}",
            // S3 may not be reachable the very first seconds after boot.
            $"for attempt in 1 2 3 4 5 6 7 8 9 10; do aws s3 cp --only-show-errors --region {region} s3://{artifact.BucketName}/{artifact.ObjectKey} {zip} && break; " +
            "[ \"$attempt\" -lt 10 ] || exit 1; sleep 6; done",
            $"rm -rf {staging} && mkdir -p {staging}",
            // python3 is on every cloud image (cloud-init runs on it), unzip is not; zipfile drops modes, so restore the executable bit.
            $"python3 -m zipfile -e {zip} {staging}",
            $"chmod 0755 {staging}/RtcOnAws.MediaNode && chown -R root:root {staging}",
            $"rm -rf {SbcPaths.MediaNodeInstallFolder} && mv {staging} {SbcPaths.MediaNodeInstallFolder} && rm -f {zip}",
            $"cat > {SbcPaths.MediaNodeConfigFile} <<'CONF'",
            .. launch.ConfigFileText.TrimEnd('\n').Split('\n'),
            "CONF",
            $"chmod 0644 {SbcPaths.MediaNodeConfigFile}",
            .. SbcServiceUnit.WriteCommands(
                SbcPaths.MediaNodeService,
                "RtcOnAws media node (rtpengine-compatible RTP relay)",
                after: [],
                run:
                [
                    $"User={SbcPaths.MediaNodeUser}",
                    $"Group={SbcPaths.MediaNodeUser}",
                    $"Environment=AWS_REGION={region}",
                    // The relay formats no culture-specific text; this avoids depending on libicu.
                    "Environment=DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1",
                    $"ExecStart={SbcPaths.MediaNodeExecutable}{string.Concat(launch.Arguments.Select(a => " " + SystemdQuote(a)))}",
                ],
                limits:
                [
                    // One socket per RTP and RTCP port: the default 1024 descriptors would cap the relay at a few hundred calls.
                    "LimitNOFILE=1048576",
                    .. highAvailability ? HighAvailabilityUnitLines : [],
                ]),
        ];
    }

    /// <summary>Commands that (re)start the installed media node and enable it at boot.</summary>
    internal static IEnumerable<string> StartCommands() => SbcServiceUnit.StartCommands(SbcPaths.MediaNodeService);

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
}
