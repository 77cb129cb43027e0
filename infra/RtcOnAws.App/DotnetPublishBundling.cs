using System.Diagnostics;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;

namespace RtcOnAws.App;

/// <summary>
/// CDK local bundling that runs <c>dotnet publish</c> of a <see cref="DotnetPublishSpec"/> into the bundling output and
/// checks that the spec's executable came out. Build output goes to a private artifacts folder so it never collides
/// with a developer's own bin/obj.
/// </summary>
internal sealed class DotnetPublishBundling(string projectPath, string artifactsPath, DotnetPublishSpec spec) : DeputyBase, ILocalBundling
{
    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", projectPath }.Concat(spec.Arguments).Concat(["--artifacts-path", artifactsPath, "-o", outputDir]))
        {
            start.ArgumentList.Add(argument);
        }
        Console.Error.WriteLine($"Bundling {spec.ProjectName}: dotnet publish {string.Join(' ', spec.Arguments)} ...");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start 'dotnet'");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet publish of {projectPath} failed with exit code {process.ExitCode}:{System.Environment.NewLine}{stdout.Result}{stderr.Result}");
        }
        if (!File.Exists(Path.Combine(outputDir, spec.Executable)))
        {
            throw new InvalidOperationException(
                $"dotnet publish of {projectPath} produced no '{spec.Executable}' executable in {outputDir}; the project's AssemblyName must be '{spec.Executable}'.");
        }
        return true;
    }
}
