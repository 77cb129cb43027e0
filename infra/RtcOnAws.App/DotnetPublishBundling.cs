using System.Diagnostics;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;

namespace RtcOnAws.App;

/// <summary>
/// CDK local bundling that publishes a .NET project as a self-contained linux-x64 single-file <c>bootstrap</c>
/// for <c>provided.al2023</c>. Native AOT is switched off (it needs a native toolchain a fresh machine lacks) and so is
/// ReadyToRun (crossgen turns a one-minute synth into many minutes on a small machine); publish either yourself and
/// hand the constructs your own <c>Code</c> when cold starts matter more than synth time.
/// Build output goes to a private artifacts folder so it never collides with a developer's own bin/obj.
/// </summary>
internal sealed class DotnetPublishBundling(string projectPath, string artifactsPath) : DeputyBase, ILocalBundling
{
    /// <summary>The publish arguments after the project path; part of the asset hash.</summary>
    public static readonly string[] PublishArguments =
    [
        "-c", "Release", "-r", "linux-x64", "--self-contained", "true",
        "-p:PublishSingleFile=true", "-p:PublishAot=false", "-p:PublishReadyToRun=false", "-p:PublishTrimmed=false", "-p:DebugType=none",
        "-p:GenerateDocumentationFile=false", "--nologo", "-v", "quiet",
    ];

    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", projectPath }.Concat(PublishArguments).Concat(["--artifacts-path", artifactsPath, "-o", outputDir]))
        {
            start.ArgumentList.Add(argument);
        }
        Console.Error.WriteLine($"Bundling {Path.GetFileNameWithoutExtension(projectPath)}: dotnet publish -r linux-x64 (self-contained) ...");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start 'dotnet'");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet publish of {projectPath} failed with exit code {process.ExitCode}:{System.Environment.NewLine}{stdout.Result}{stderr.Result}");
        }
        if (!File.Exists(Path.Combine(outputDir, "bootstrap")))
        {
            throw new InvalidOperationException(
                $"dotnet publish of {projectPath} produced no 'bootstrap' executable in {outputDir}; the project must set <AssemblyName>bootstrap</AssemblyName>.");
        }
        return true;
    }
}
