using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Edge;

/// <summary>
/// The first user-data commands of a WebRTC gateway instance on a Debian-family image: Kamailio with its WebSocket and
/// <c>auth_ephemeral</c> modules, the AWS CLI for the credential secret, and curl for the instance metadata.
/// </summary>
public static class WebRtcGatewayPackages
{
    /// <summary>The packages installed with <c>apt-get</c>.</summary>
    public static IReadOnlyList<string> Packages { get; } = ["kamailio", "kamailio-websocket-modules", "kamailio-autheph-modules", "awscli", "curl"];

    internal static IEnumerable<string> InstallCommands() =>
    [
        .. AptInstall.Commands(Packages),
        $"mkdir -p {SbcPaths.ConfigFolder}",
    ];
}
