namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// The one shape of an SBC node's long-running services (Kamailio, media-node) as systemd units: written by the user
/// data, started after the network is online, restarted when they die, run without new privileges on a read-only
/// system; and the commands that (re)start one and enable it at boot.
/// </summary>
internal static class SbcServiceUnit
{
    /// <summary>What every SBC service runs under: no privilege escalation, /usr, /boot and /etc read-only, no home, a private /tmp.</summary>
    private static readonly string[] Hardening =
    [
        "NoNewPrivileges=yes",
        "ProtectSystem=full",
        "ProtectHome=yes",
        "PrivateTmp=yes",
    ];

    /// <summary>Commands that write <c>/etc/systemd/system/<paramref name="service"/></c>.</summary>
    /// <param name="service">The unit file name, for example <c>rtconaws-kamailio.service</c>.</param>
    /// <param name="description">The unit's description.</param>
    /// <param name="after">Units to start after, besides <c>network-online.target</c>.</param>
    /// <param name="run">Who runs what: <c>User=</c>, <c>Group=</c>, environment, <c>ExecStart=</c>.</param>
    /// <param name="limits">Resource limits and capabilities.</param>
    public static IEnumerable<string> WriteCommands(string service, string description, IEnumerable<string> after, IEnumerable<string> run, IEnumerable<string> limits) =>
    [
        $"cat > /etc/systemd/system/{service} <<'UNIT'",
        "[Unit]",
        $"Description={description}",
        "Wants=network-online.target",
        $"After={string.Join(' ', after.Prepend("network-online.target"))}",
        "",
        "[Service]",
        "Type=simple",
        .. run,
        "Restart=always",
        "RestartSec=2",
        .. limits,
        .. Hardening,
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "UNIT",
    ];

    /// <summary>Commands that (re)start <paramref name="service"/> and enable it at boot.</summary>
    public static IEnumerable<string> StartCommands(string service) =>
    [
        "systemctl daemon-reload",
        $"systemctl enable {service}",
        $"systemctl restart {service}",
    ];
}
