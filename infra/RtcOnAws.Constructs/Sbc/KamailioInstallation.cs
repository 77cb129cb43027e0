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
    internal static IEnumerable<string> InstallCommands(KamailioConfig config, bool mediaNode) =>
        // An SBC's media node answers the rtpengine module's first ping when it is up already.
        Commands(config.Text, config.DispatcherList, "RtcOnAws SBC SIP proxy (Kamailio)", mediaNode ? [SbcPaths.MediaNodeService] : [], []);

    /// <summary>The same for a WebRTC gateway instance, whose config holds <paramref name="addressPlaceholder"/> until boot.</summary>
    /// <param name="config">The gateway's rendered config.</param>
    /// <param name="addressPlaceholder">Written for the instance's private address, which only the instance knows.</param>
    /// <param name="secretCommands">Write the files the config includes (the credential secret) before the check.</param>
    internal static IEnumerable<string> InstallGatewayCommands(GatewayConfig config, string addressPlaceholder, IEnumerable<string> secretCommands) =>
        Commands(config.Text, config.DispatcherList, "RtcOnAws WebRTC gateway (Kamailio, SIP over WebSocket)", [],
        [
            .. secretCommands,
            // The address comes from the instance metadata (IMDSv2): the launch template serves every instance of the group.
            "imds_token=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)",
            "local_ipv4=$(curl -sf -H \"X-aws-ec2-metadata-token: $imds_token\" http://169.254.169.254/latest/meta-data/local-ipv4)",
            "test -n \"$local_ipv4\"",
            $"sed -i \"s/{addressPlaceholder}/$local_ipv4/g\" {SbcPaths.KamailioConfigFile}",
        ]);

    private static IEnumerable<string> Commands(string text, string? dispatcherList, string description, IEnumerable<string> after, IEnumerable<string> beforeCheck)
    {
        var group = SbcPaths.KamailioUser;
        return
        [
            // The package's own unit would run its sample config: ours replaces it for good.
            $"systemctl disable --now {SbcPaths.DistributionKamailioService} >/dev/null 2>&1 || true",
            $"systemctl mask {SbcPaths.DistributionKamailioService}",
            $"cat > {SbcPaths.KamailioConfigFile} <<'KAMAILIO_CFG'",
            .. text.TrimEnd('\n').Split('\n'),
            "KAMAILIO_CFG",
            .. dispatcherList is { } list
                ? [$"cat > {SbcPaths.KamailioDispatcherFile} <<'DISPATCHER'", .. list.TrimEnd('\n').Split('\n'), "DISPATCHER",
                    $"chown root:{group} {SbcPaths.KamailioDispatcherFile} && chmod 0640 {SbcPaths.KamailioDispatcherFile}"]
                : Array.Empty<string>(),
            .. beforeCheck,
            $"chown root:{group} {SbcPaths.KamailioConfigFile} && chmod 0640 {SbcPaths.KamailioConfigFile}",
            // A config Kamailio would refuse stops the user data here, with Kamailio's own message in the boot log.
            $"{SbcPaths.KamailioExecutable} -c -f {SbcPaths.KamailioConfigFile}",
            .. SbcServiceUnit.WriteCommands(
                SbcPaths.KamailioService,
                description,
                after,
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
