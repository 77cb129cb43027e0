namespace RtcOnAws.Constructs.Sbc;

/// <summary>The first user-data commands of an instance on a Debian-family image: its packages installed with <c>apt-get</c>.</summary>
internal static class AptInstall
{
    public static IEnumerable<string> Commands(IReadOnlyList<string> packages) =>
    [
        "export DEBIAN_FRONTEND=noninteractive",
        // Packages must not start services on install (the package's Kamailio would run its sample config).
        "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d",
        // The mirrors may not be reachable the very first seconds after boot.
        "for attempt in 1 2 3 4 5 6 7 8 9 10; do apt-get update -q && " +
        $"apt-get install -y -q --no-install-recommends {string.Join(' ', packages)} && break; " +
        "[ \"$attempt\" -lt 10 ] || exit 1; sleep 6; done",
        "rm -f /usr/sbin/policy-rc.d",
    ];
}
