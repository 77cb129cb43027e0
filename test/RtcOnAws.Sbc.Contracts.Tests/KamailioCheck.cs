using System.Diagnostics;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>Runs the real <c>kamailio -c -f</c> on a rendered config (and its dispatcher list) in a temporary folder.</summary>
internal static class KamailioCheck
{
    public static async Task<(int ExitCode, string Output)> RunAsync(KamailioSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("rtconaws-kamailio-check-").FullName;
        try
        {
            var withFolder = settings with { DispatcherFile = Path.Combine(folder, "dispatcher.list") };
            var config = KamailioConfig.Render(withFolder);
            var file = Path.Combine(folder, "kamailio.cfg");
            await File.WriteAllTextAsync(file, config.Text);
            if (config.DispatcherList is { } list)
            {
                await File.WriteAllTextAsync(withFolder.DispatcherFile, list);
            }
            var start = new ProcessStartInfo("kamailio", ["-c", "-f", file]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
