using System.CommandLine;
using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>
/// <c>RtcOnAws.MediaNode.Drill sbc --calls N [--json]</c>: the SBC pair (Kamailio + media-node on each node) in network
/// namespaces, SIPp calls with two-way RTP through it, SIGKILL of the active node mid-call, re-INVITE and BYE through the
/// survivor. Needs root; removes everything it created on every exit path.
/// </summary>
public static class SbcDrillCommand
{
    /// <summary>The <c>sbc</c> subcommand.</summary>
    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Calls SIPp places and keeps through the failover.", DefaultValueFactory = _ => 200 };
        var rate = new Option<int>("--rate") { Description = "Calls per second while SIPp sets them up.", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on the last line of stdout." };
        var workDirectory = new Option<string?>("--work-dir") { Description = "Where configs and logs go (default: a new directory under /tmp, kept on failure)." };
        var nodeArguments = new Option<string[]>("--node-arg") { Description = "Extra flag passed to both media nodes (repeatable).", AllowMultipleArgumentsPerToken = false };
        var setupRate = new Option<bool>("--setup-rate") { Description = "Instead of the failover drill: call setups per second through one SBC node (a SIPp rate ramp until failures appear)." };
        var command = new Command("sbc", "SBC failover drill: Kamailio + media-node pairs in namespaces, SIPp calls with two-way RTP, SIGKILL of the active node, re-INVITE and BYE after the takeover.")
        {
            calls, rate, json, workDirectory, nodeArguments, setupRate,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(calls) is < 1 or > 2000 || parse.GetValue(rate) is < 1 or > 1000)
            {
                await Console.Error.WriteLineAsync("error: --calls must be 1-2000 and --rate 1-1000").ConfigureAwait(false);
                return 2;
            }

            if (!Environment.IsPrivilegedProcess)
            {
                await Console.Error.WriteLineAsync("error: the SBC drill needs root (it creates network namespaces)").ConfigureAwait(false);
                return MediaDrillCommand.DrillFailed;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            var directory = parse.GetValue(workDirectory) ?? Directory.CreateTempSubdirectory("rtconaws-sbc-drill-").FullName;
            var settings = new SbcDrillSettings(MediaNodeDaemon.Command(), directory, parse.GetValue(nodeArguments) ?? [], TimeSpan.FromHours(1));
            try
            {
                if (parse.GetValue(setupRate))
                {
                    var ramp = await SetupRateRunner.RunAsync(settings, Console.Error, stop.Token).ConfigureAwait(false);
                    await Console.Out.WriteLineAsync(parse.GetValue(json) ? ramp.ToJson() : ramp.ToTable()).ConfigureAwait(false);
                    if (parse.GetValue(workDirectory) is null)
                    {
                        Directory.Delete(directory, recursive: true);
                    }

                    return 0;
                }

                var report = await SbcDrillRunner.RunAsync(settings, parse.GetValue(calls), parse.GetValue(rate), Console.Error, stop.Token).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(parse.GetValue(json) ? report.ToJson() : report.ToTable()).ConfigureAwait(false);
                if (parse.GetValue(workDirectory) is null)
                {
                    Directory.Delete(directory, recursive: true);
                }

                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException or IOException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"SBC drill failed: {e.Message}\n(configs and logs in {directory})").ConfigureAwait(false);
                return MediaDrillCommand.DrillFailed;
            }
        });
        return command;
    }
}
