using System.Diagnostics;

namespace RtcOnAws.MediaNode.HighAvailability.Takeover;

/// <summary>Runs a system tool (ip, arping) with an argument list (never a shell string) and a time limit.</summary>
public static class CommandRunner
{
    /// <summary>Result of one run.</summary>
    public readonly record struct Result(int ExitCode, string StandardError);

    /// <summary>Runs <paramref name="fileName"/> and waits for it; kills it after <paramref name="timeout"/> on <paramref name="time"/> (default: the system clock).</summary>
    public static async Task<Result> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var result = await RunCoreAsync(fileName, arguments, timeout, redirectOutput: false, time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return new Result(result.ExitCode, result.StandardError);
    }

    /// <summary>Result of one run with its standard output.</summary>
    public readonly record struct OutputResult(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs <paramref name="fileName"/> and returns its standard output too.</summary>
    public static Task<OutputResult> RunWithOutputAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? time = null) =>
        RunCoreAsync(fileName, arguments, timeout, redirectOutput: true, time ?? TimeProvider.System, cancellationToken);

    private static async Task<OutputResult> RunCoreAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, bool redirectOutput, TimeProvider time, CancellationToken cancellationToken)
    {
        using var process = Start(fileName, arguments, redirectOutput);
        var stdout = redirectOutput ? process.StandardOutput.ReadToEndAsync(cancellationToken) : Task.FromResult(string.Empty);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var expiry = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0.#} s");
        }

        return new OutputResult(process.ExitCode, await stdout.ConfigureAwait(false), (await stderr.ConfigureAwait(false)).Trim());
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> without waiting for it to finish (arping sends its packet at once but
    /// lingers for a second); the process is reaped in the background and killed after <paramref name="timeout"/> on
    /// <paramref name="time"/> (default: the system clock).
    /// </summary>
    public static void Launch(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, TimeProvider? time = null)
    {
        var process = Start(fileName, arguments);
        _ = Task.Run(async () =>
        {
            using (process)
            {
                using var limit = new CancellationTokenSource(timeout, time ?? TimeProvider.System);
                try
                {
                    await process.StandardError.ReadToEndAsync(limit.Token).ConfigureAwait(false);
                    await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        });
    }

    private static Process Start(string fileName, IReadOnlyList<string> arguments, bool redirectOutput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = redirectOutput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
    }
}
