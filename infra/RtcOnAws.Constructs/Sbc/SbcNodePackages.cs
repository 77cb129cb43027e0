using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// The first user-data commands of an SBC node on a Debian-family image: the distribution's packages (Kamailio with the
/// modules the rendered config loads, the AWS CLI, python3 and curl) and the non-local bind both services need.
/// </summary>
public static class SbcNodePackages
{
    /// <summary>The packages installed with <c>apt-get</c>.</summary>
    public static IReadOnlyList<string> Packages { get; } = ["kamailio", "kamailio-utils-modules", "awscli", "python3", "curl", "logrotate"];

    /// <summary>The public SSM parameter of the default image: the latest Debian 12 for x86_64, resolved at deploy time.</summary>
    public const string DefaultImageParameter = "/aws/service/debian/release/12/latest/amd64";

    internal static IEnumerable<string> InstallCommands() =>
    [
        .. AptInstall.Commands(Packages),
        // The standby's Kamailio and media-node bind the floating address before the failover moves it to this node;
        // media-node's kernel forwarding (--kernel-forwarding auto) routes the streams it rewrites, else it stays in user space.
        $"printf 'net.ipv4.ip_nonlocal_bind = 1\\nnet.ipv4.ip_forward = 1\\n' > {SbcPaths.SysctlFile}",
        $"sysctl -q -p {SbcPaths.SysctlFile}",
        $"mkdir -p {SbcPaths.ConfigFolder}",
    ];
}
