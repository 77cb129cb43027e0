using RtcOnAws.MediaNode.Drill;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>
/// Starts HA pairs for the chaos tests: real media-node processes (the daemon built next to the tests) in network
/// namespaces, with timers relaxed for a loaded CI machine (the tests assert behaviour, never speed).
/// </summary>
public static class PairFixture
{
    /// <summary>Relaxed HA timers: the tests check what happens, not how fast.</summary>
    public static readonly IReadOnlyList<string> CiTimers =
    [
        "--ha-lease-ttl", "400", "--ha-lease-renew", "40", "--ha-fence-margin", "150", "--ha-heartbeat-timeout", "240", "--ha-heartbeat-interval", "20",
    ];

    /// <summary>The daemon as the drill starts it: <c>dotnet RtcOnAws.MediaNode.dll</c> from the test output.</summary>
    public static IReadOnlyList<string> MediaNodeCommand =>
        ["dotnet", Path.Combine(AppContext.BaseDirectory, "RtcOnAws.MediaNode.dll")];

    /// <summary>A work directory for one test's logs.</summary>
    public static string WorkDirectory(string test) => Directory.CreateTempSubdirectory($"ha-{test}-").FullName;

    /// <summary>Starts a pair with <paramref name="calls"/> calls set up and mirrored by the standby.</summary>
    public static async Task<DrillEnvironment> StartWithCallsAsync(string test, int calls, CancellationToken cancellationToken)
    {
        var environment = await DrillEnvironment.StartAsync(new DrillSettings(MediaNodeCommand, WorkDirectory(test), CiTimers), TextWriter.Null, cancellationToken);
        try
        {
            await environment.SetupCallsAsync(calls, cancellationToken);
            Assert.True(
                await DrillEnvironment.WaitForSampleAsync(environment.ProbeB, "medianode_ha_mirrored_calls", v => v == calls, Eventually.DefaultTimeout, cancellationToken),
                $"node B mirrors {calls} calls\n{environment.NodeB!.Tail()}");
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until every call has received <paramref name="packets"/> more packets in both directions than when called:
    /// media flows through whichever node relays now. Bounded by <see cref="Eventually.DefaultTimeout"/>.
    /// </summary>
    public static async Task MediaFlowsBothWaysAsync(this DrillEnvironment pair, string what, int packets = 10)
    {
        var caller = pair.Caller!.Received.ToArray();
        var callee = pair.Callee!.Received.ToArray();
        await Eventually.True(
            () => Enumerable.Range(0, caller.Length).All(i => Volatile.Read(ref pair.Caller.Received[i]) >= caller[i] + packets && Volatile.Read(ref pair.Callee.Received[i]) >= callee[i] + packets),
            what);
    }
}
