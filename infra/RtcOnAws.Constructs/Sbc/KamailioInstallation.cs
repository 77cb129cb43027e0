using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// The user-data commands that run Kamailio from the distribution's package on an SBC node: the rendered
/// <see cref="KamailioConfig"/> checked with <c>kamailio -c</c>, and a systemd unit of our own in place of the package's.
/// </summary>
public static class KamailioInstallation
{
    /// <summary>Shared memory of the proxy in MiB (dialogs, transactions, the replicated dialogs of the peer).</summary>
    public const int SharedMemoryMiB = 256;

    /// <summary>Private memory per Kamailio process in MiB.</summary>
    public const int PrivateMemoryMiB = 16;

    /// <summary>Commands that write and check the config and write the unit; <see cref="StartCommands"/> starts it.</summary>
    /// <param name="config">The node's rendered config (values may be tokens).</param>
    /// <param name="mediaNode">Whether the node runs media-node, which Kamailio then starts after.</param>
    internal static IEnumerable<string> InstallCommands(KamailioConfig config, bool mediaNode)
    {
        var group = SbcPaths.KamailioUser;
        return
        [
            // The package's own unit would run its sample config: ours replaces it for good.
            $"systemctl disable --now {SbcPaths.DistributionKamailioService} >/dev/null 2>&1 || true",
            $"systemctl mask {SbcPaths.DistributionKamailioService}",
            $"cat > {SbcPaths.KamailioConfigFile} <<'KAMAILIO_CFG'",
            .. config.Text.TrimEnd('\n').Split('\n'),
            "KAMAILIO_CFG",
            .. config.DispatcherList is { } list
                ? [$"cat > {SbcPaths.KamailioDispatcherFile} <<'DISPATCHER'", .. list.TrimEnd('\n').Split('\n'), "DISPATCHER",
                    $"chown root:{group} {SbcPaths.KamailioDispatcherFile} && chmod 0640 {SbcPaths.KamailioDispatcherFile}"]
                : Array.Empty<string>(),
            $"chown root:{group} {SbcPaths.KamailioConfigFile} && chmod 0640 {SbcPaths.KamailioConfigFile}",
            // A config Kamailio would refuse stops the user data here, with Kamailio's own message in the boot log.
            $"{SbcPaths.KamailioExecutable} -c -f {SbcPaths.KamailioConfigFile}",
            .. SbcServiceUnit.WriteCommands(
                SbcPaths.KamailioService,
                "RtcOnAws SBC SIP proxy (Kamailio)",
                // The media node answers the rtpengine module's first ping when it is up already.
                after: mediaNode ? [SbcPaths.MediaNodeService] : [],
                run:
                [
                    $"User={SbcPaths.KamailioUser}",
                    $"Group={group}",
                    "RuntimeDirectory=kamailio",
                    // Foreground (-DD), logs to stderr (-E) and so to the journal.
                    $"ExecStart={SbcPaths.KamailioExecutable} -DD -E -f {SbcPaths.KamailioConfigFile} -P /run/kamailio/kamailio.pid " +
                    $"-Y /run/kamailio -m {SharedMemoryMiB} -M {PrivateMemoryMiB}",
                ],
                limits: ["LimitNOFILE=65536"]),
        ];
    }

    /// <summary>Commands that (re)start Kamailio and enable it at boot.</summary>
    internal static IEnumerable<string> StartCommands() => SbcServiceUnit.StartCommands(SbcPaths.KamailioService);
}
