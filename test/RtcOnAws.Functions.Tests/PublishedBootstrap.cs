using System.Diagnostics;

namespace RtcOnAws.Functions.Tests;

/// <summary>
/// Publishes a function's <c>bootstrap</c> the way it ships (self-contained, linux-x64, Release) once per test run,
/// so every end-to-end test runs the real executable without paying for a publish each time.
/// </summary>
public static class PublishedBootstrap
{
    private static readonly SemaphoreSlim OnePublishAtATime = new(1, 1);
    private static readonly Dictionary<string, Task<string>> Published = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public const string FloatingIpFailover = "RtcOnAws.Functions.FloatingIpFailover";
    public const string LifecycleDns = "RtcOnAws.Functions.LifecycleDns";

    /// <summary>Path of the published <c>bootstrap</c> executable of <paramref name="project"/>.</summary>
    public static Task<string> PathAsync(string project)
    {
        lock (Gate)
        {
            if (!Published.TryGetValue(project, out var task) || task.IsFaulted)
            {
                task = PublishAsync(project);
                Published[project] = task;
            }

            return task;
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RtcOnAws.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"RtcOnAws.sln not found above {AppContext.BaseDirectory}");
    }

    private static async Task<string> PublishAsync(string project)
    {
        var root = RepositoryRoot();
        var output = Path.Combine(AppContext.BaseDirectory, "published", project);
        var csproj = Path.Combine(root, "functions", project, project + ".csproj");
        await OnePublishAtATime.WaitAsync().ConfigureAwait(false);
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { "publish", csproj, "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo", "-v", "quiet" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet publish");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // No wall-clock limit: a Native AOT publish took over 8 minutes on two cores kept busy by other work, and a
            // build's duration says nothing about the function; a publish that hangs is ended by the CI job's own limit.
            await process.WaitForExitAsync().ConfigureAwait(false);

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish {project} failed ({process.ExitCode}):\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
            }
        }
        finally
        {
            OnePublishAtATime.Release();
        }

        var bootstrap = Path.Combine(output, "bootstrap");
        return File.Exists(bootstrap) ? bootstrap : throw new FileNotFoundException("publish produced no bootstrap executable", bootstrap);
    }
}
