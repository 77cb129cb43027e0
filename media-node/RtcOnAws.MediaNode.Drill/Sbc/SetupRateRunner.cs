using System.Diagnostics;
using System.Globalization;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>
/// Call setups per second through one SBC node (the active of the pair, its standby mirroring as in production):
/// SIPp places calls (INVITE/200/ACK, BYE/200, SDP through media-node) at rising rates until a step has failures or
/// cannot keep its rate.
/// </summary>
public static class SetupRateRunner
{
    /// <summary>The rates tried, each for <see cref="StepDuration"/>.</summary>
    public static readonly IReadOnlyList<int> Rates = [50, 100, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000];

    /// <summary>How long each step places calls.</summary>
    public static readonly TimeSpan StepDuration = TimeSpan.FromSeconds(5);

    /// <summary>Runs the ramp. Everything it created is gone when it returns or throws.</summary>
    public static async Task<SetupRateReport> RunAsync(SbcDrillSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var environment = await SbcEnvironment.StartAsync(settings, progress, cancellationToken).ConfigureAwait(false);
        environment.StartCallee("setup-callee.xml");
        var steps = new List<SetupRateStep>();
        foreach (var rate in Rates)
        {
            var calls = rate * (int)StepDuration.TotalSeconds;
            var watch = Stopwatch.StartNew();
            await using var caller = environment.StartCaller(
                "setup-caller.xml",
                ["-m", Text(calls), "-r", Text(rate), "-l", Text(calls), "-timeout", Text((int)StepDuration.TotalSeconds + 30), "-timeout_error"],
                $"rate-{rate}");
            await caller.WaitForExitAsync(StepDuration + TimeSpan.FromSeconds(40)).ConfigureAwait(false);
            var seconds = watch.Elapsed.TotalSeconds;
            var completed = Math.Max(0, caller.Statistic("SuccessfulCall(C)"));
            var failed = Math.Max(0, caller.Statistic("FailedCall(C)"));
            var step = new SetupRateStep(rate, calls, completed, failed, seconds, failed == 0 && completed == calls && seconds <= (StepDuration.TotalSeconds * 1.2) + 2);
            steps.Add(step);
            progress.WriteLine($"{rate}/s: {completed}/{calls} completed, {failed} failed, {seconds:0.0} s");
            if (!step.Sustained)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        return new SetupRateReport(steps);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
