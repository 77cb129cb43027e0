using System.CommandLine;
using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>
/// <c>RtcOnAws.MediaNode.Drill media --calls N [--json]</c>: builds a media-node HA pair in network namespaces, kills
/// the active with SIGKILL mid-call and reports what every call lost. Needs root; removes everything it created on
/// every exit path.
/// </summary>
public static class MediaDrillCommand
{
    /// <summary>Exit code when the drill could not run (not root, setup failed).</summary>
    public const int DrillFailed = 1;

    /// <summary>The <c>media</c> subcommand.</summary>
    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Concurrent calls to set up and keep through the failover.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on the last line of stdout." };
        var beforeKill = new Option<int>("--before-kill-ms") { Description = "Milliseconds of streaming before node A is killed.", DefaultValueFactory = _ => 3000 };
        var afterKill = new Option<int>("--after-kill-ms") { Description = "Milliseconds of streaming after the kill.", DefaultValueFactory = _ => 4000 };
        var workDirectory = new Option<string?>("--work-dir") { Description = "Where node logs go (default: a new directory under /tmp, kept on failure)." };
        var coldRestore = new Option<int>("--cold-restore") { Description = "Instead of the failover drill: store this many calls in Redis, start a cold node and measure how fast it restores them all." };
        var coldRestoreMux = new Option<bool>("--cold-restore-rtcp-mux") { Description = "With --cold-restore: the stored calls use rtcp-mux (two sockets per call instead of four)." };
        var nodeArguments = new Option<string[]>("--node-arg") { Description = "Extra flag passed to both media nodes (repeatable), e.g. --node-arg=--ha-lease-ttl=100.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("media", "Media failover drill: an HA pair in network namespaces, N calls with two-way RTP, SIGKILL of the active, per-call loss and gaps.")
        {
            calls, json, beforeKill, afterKill, workDirectory, nodeArguments, coldRestore, coldRestoreMux,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(calls) is < 1 or > 2500 || parse.GetValue(beforeKill) < 500 || parse.GetValue(afterKill) < 1000)
            {
                await Console.Error.WriteLineAsync("error: --calls must be 1-2500, --before-kill-ms at least 500 and --after-kill-ms at least 1000").ConfigureAwait(false);
                return 2;
            }

            if (!Environment.IsPrivilegedProcess)
            {
                await Console.Error.WriteLineAsync("error: drill needs root (it creates network namespaces)").ConfigureAwait(false);
                return DrillFailed;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            var directory = parse.GetValue(workDirectory) ?? Directory.CreateTempSubdirectory("rtconaws-drill-").FullName;
            var settings = new DrillSettings(MediaNodeDaemon.Command(), directory, parse.GetValue(nodeArguments) ?? []);
            try
            {
                if (parse.GetValue(coldRestore) is > 0 and var restoreCalls)
                {
                    var restore = await ColdRestoreBench.RunAsync(settings with { PortMin = 20000, PortMax = 20000 + (restoreCalls * 4) + 1 }, restoreCalls, parse.GetValue(coldRestoreMux), Console.Error, stop.Token).ConfigureAwait(false);
                    await Console.Out.WriteLineAsync(parse.GetValue(json) ? restore.ToJson() : restore.ToString()).ConfigureAwait(false);
                    return 0;
                }

                var report = await DrillRunner.RunAsync(
                    settings,
                    parse.GetValue(calls),
                    TimeSpan.FromMilliseconds(parse.GetValue(beforeKill)),
                    TimeSpan.FromMilliseconds(parse.GetValue(afterKill)),
                    Console.Error,
                    stop.Token).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(parse.GetValue(json) ? report.ToJson() : report.ToTable()).ConfigureAwait(false);
                if (parse.GetValue(workDirectory) is null)
                {
                    Directory.Delete(directory, recursive: true);
                }

                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException or IOException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"drill failed: {e.Message}\n(node logs in {directory})").ConfigureAwait(false);
                return DrillFailed;
            }
        });
        return command;
    }
}
