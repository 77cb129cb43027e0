using System.Diagnostics;
using System.Text.Json;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>The drill as users run it: the real command line, SIGKILL of the active, JSON on the last stdout line.</summary>
[Collection(NamespaceCollection.Name)]
public sealed class DrillTests
{
    [Fact]
    public async Task The_drill_keeps_every_call_through_a_sigkill_of_the_active_and_reports_json()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "RtcOnAws.MediaNode.Drill.dll"), "media", "--calls", "5", "--json" }
                     .Concat(PairFixture.CiTimers.Select(a => $"--node-arg={a}")))
        {
            info.ArgumentList.Add(argument);
        }

        using var drill = Process.Start(info)!;
        var stdout = drill.StandardOutput.ReadToEndAsync();
        var stderr = drill.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await drill.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            drill.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        Assert.True(drill.ExitCode == 0, $"drill exited {drill.ExitCode}\n{await stderr}");
        using var report = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        var root = report.RootElement;
        Assert.Equal(5, root.GetProperty("calls_total").GetInt32());
        Assert.Equal(5, root.GetProperty("calls_kept").GetInt32());
        foreach (var field in new[] { "max_gap_ms", "p50_gap_ms", "p99_gap_ms", "packets_lost" })
        {
            Assert.True(root.GetProperty(field).GetDouble() >= 0, field);
        }

        Assert.True(root.GetProperty("max_gap_ms").GetDouble() >= root.GetProperty("p50_gap_ms").GetDouble());
        Assert.True(root.GetProperty("failover_ms").GetDouble() > 0, "the standby became active after the kill");
        Assert.True(root.GetProperty("packets_lost").GetInt64() > 0, "killing the active loses the packets in flight");
        var namespaces = await File.ReadAllTextAsync("/proc/self/mounts");
        Assert.DoesNotContain($"rtcd{drill.Id}-", namespaces, StringComparison.Ordinal);
    }
}
