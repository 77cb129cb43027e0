using System.Diagnostics;

namespace RtcOnAws.Sbc.Contracts.Tests;

/// <summary>Runs the real <c>kamailio -c -f</c> on a rendered config (and its dispatcher list) in a temporary folder.</summary>
internal static class KamailioCheck
{
    public static Task<(int ExitCode, string Output)> RunAsync(KamailioSettings settings) =>
        RunAsync(folder =>
        {
            var config = KamailioConfig.Render(settings with { DispatcherFile = Path.Combine(folder, "dispatcher.list") });
            return (config.Text, config.DispatcherList);
        });

    public static Task<(int ExitCode, string Output)> RunAsync(GatewaySettings settings) =>
        RunAsync(folder =>
        {
            var secretFile = Path.Combine(folder, "gateway-credentials.cfg");
            File.WriteAllText(secretFile, GatewayCredentials.SecretFileText(new string('s', 40)));
            var config = GatewayConfig.Render(settings with { DispatcherFile = Path.Combine(folder, "dispatcher.list"), CredentialSecretFile = secretFile });
            return (config.Text, config.DispatcherList);
        });

    private static async Task<(int ExitCode, string Output)> RunAsync(Func<string, (string Text, string? DispatcherList)> render)
    {
        var folder = Directory.CreateTempSubdirectory("rtconaws-kamailio-check-").FullName;
        try
        {
            var (text, dispatcherList) = render(folder);
            var file = Path.Combine(folder, "kamailio.cfg");
            await File.WriteAllTextAsync(file, text);
            if (dispatcherList is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "dispatcher.list"), dispatcherList);
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
