using RtcOnAws.MediaNode.Drill.Sbc;

namespace RtcOnAws.MediaNode.Drill.Tests;

/// <summary>
/// Starts SBC pairs for the chaos tests: the rendered Kamailio config and the CDK's media-node launch on two namespaced
/// nodes, with HA timers relaxed for a loaded CI machine (the tests assert behaviour, never speed).
/// </summary>
public static class SbcFixture
{
    /// <summary>Generous bound on every wait: the machine may be loaded by other work.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Relaxed HA timers.</summary>
    public static readonly IReadOnlyList<string> CiTimers =
    [
        "--ha-lease-ttl", "400", "--ha-lease-renew", "40", "--ha-fence-margin", "150", "--ha-heartbeat-timeout", "240", "--ha-heartbeat-interval", "20",
    ];

    /// <summary>
    /// Starts a pair; <paramref name="dialogTimeout"/> is Kamailio's dialog lifetime (default one hour),
    /// <paramref name="earlyDialogTimeout"/> its early dialog lifetime (default the renderer's).
    /// </summary>
    public static Task<SbcEnvironment> StartAsync(string test, TimeSpan? dialogTimeout = null, TimeSpan? earlyDialogTimeout = null) =>
        SbcEnvironment.StartAsync(
            new SbcDrillSettings(MediaNodeDaemon.Command(), Directory.CreateTempSubdirectory($"sbc-{test}-").FullName, CiTimers, dialogTimeout ?? TimeSpan.FromHours(1), earlyDialogTimeout),
            TextWriter.Null,
            CancellationToken.None);

    /// <summary>SIPp caller arguments: <paramref name="calls"/> calls at 10/s, first hold <paramref name="firstHold"/>, second hold one second.</summary>
    public static IReadOnlyList<string> CallerArguments(int calls, TimeSpan firstHold) =>
    [
        "-m", $"{calls}", "-l", $"{calls}", "-r", "10", "-d", $"{(int)firstHold.TotalMilliseconds}", "-key", "hold2", "1000",
        "-timeout", "300", "-timeout_error",
    ];
}
