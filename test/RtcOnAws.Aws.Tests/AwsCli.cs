using System.Diagnostics;
using System.Text.Json;
using RtcOnAws.AwsSimulator;

namespace RtcOnAws.Aws.Tests;

/// <summary>Runs the real AWS CLI v2 (Debian's /usr/bin/aws) against a simulator and parses its JSON output.</summary>
internal sealed class AwsCli : IDisposable
{
    public const string Path = "/usr/bin/aws";
    private readonly string _home = Directory.CreateTempSubdirectory("rtconaws-awscli-").FullName;
    private readonly Uri _endpoint;
    private readonly string _region;

    public AwsCli(AwsWireSimulator simulator)
    {
        if (!File.Exists(Path))
            throw new InvalidOperationException($"The AWS CLI v2 is missing at {Path}: install the Debian package 'awscli' (scripts/test.sh does).");
        _endpoint = simulator.Url;
        _region = simulator.Region;
    }

    /// <summary>Runs "aws ARGS --output json" and returns the parsed output (null when the command prints nothing).</summary>
    public async Task<JsonElement?> RunAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunRawAsync(args);
        if (exitCode != 0) throw new InvalidOperationException($"aws {string.Join(' ', args)} exited {exitCode}: {stderr}");
        return string.IsNullOrWhiteSpace(stdout) ? null : JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Runs the CLI and returns exit code, stdout and stderr without judging them.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunRawAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var arg in new[] { "--endpoint-url", _endpoint.AbsoluteUri.TrimEnd('/'), "--region", _region, "--output", "json", "--cli-read-timeout", "60" })
            start.ArgumentList.Add(arg);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = _home;
        start.Environment["AWS_ACCESS_KEY_ID"] = TestSimulator.CliAccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = TestSimulator.CliSecretKey;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_CONFIG_FILE"] = System.IO.Path.Combine(_home, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = System.IO.Path.Combine(_home, "credentials");
        start.Environment["AWS_RETRY_MODE"] = "standard";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aws {string.Join(' ', args)} did not finish within 120 s.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
