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
        "export DEBIAN_FRONTEND=noninteractive",
        // Packages must not start services on install (the package's Kamailio would run its sample config).
        "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d",
        // The mirrors may not be reachable the very first seconds after boot.
        "for attempt in 1 2 3 4 5 6 7 8 9 10; do apt-get update -q && " +
        $"apt-get install -y -q --no-install-recommends {string.Join(' ', Packages)} && break; " +
        "[ \"$attempt\" -lt 10 ] || exit 1; sleep 6; done",
        "rm -f /usr/sbin/policy-rc.d",
        $"mkdir -p {SbcPaths.ConfigFolder}",
    ];
}
