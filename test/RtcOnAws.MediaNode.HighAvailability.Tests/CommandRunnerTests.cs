using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.HighAvailability.Takeover;
using Xunit;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>The time limit of a system tool runs on the given clock, and a tool past it is killed.</summary>
public sealed class CommandRunnerTests
{
    [Fact]
    public async Task A_tool_that_outlives_its_timeout_is_killed_when_the_clock_reaches_it()
    {
        var time = new FakeTimeProvider();
        var marker = $"rtconaws-if-{Guid.NewGuid():N}";
        // sleep under a name of its own, so the test can tell whether this very process still runs.
        var run = CommandRunner.RunAsync("bash", ["-c", $"exec -a {marker} sleep 600"], TimeSpan.FromSeconds(5), CancellationToken.None, time);
        await WaitUntilAsync(() => Running(marker));

        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(run.IsCompleted, "the tool was stopped before its timeout");
        time.Advance(TimeSpan.FromSeconds(0.1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("did not finish within 5 s", error.Message, StringComparison.Ordinal);
        await WaitUntilAsync(() => !Running(marker));
    }

    [Fact]
    public async Task A_tool_that_finishes_reports_its_exit_code_and_output()
    {
        var result = await CommandRunner.RunWithOutputAsync("bash", ["-c", "echo out; echo err >&2; exit 3"], TimeSpan.FromSeconds(30), CancellationToken.None, new FakeTimeProvider());

        Assert.Equal(new CommandRunner.OutputResult(3, "out\n", "err"), result);
    }

    private static bool Running(string marker) =>
        Directory.EnumerateDirectories("/proc").Any(dir =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(dir, "cmdline")).StartsWith(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    /// <summary>Polls a condition about another process (not a timing window): bounded, so a broken run fails instead of hanging.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition());
    }
}
