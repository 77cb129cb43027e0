using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace RtcOnAws.Functions.Tests;

/// <summary>
/// A published <c>bootstrap</c> running as a child process against a <see cref="LocalRuntimeApi"/>, with AWS calls
/// pointed at a local endpoint and dummy credentials. Its stdout lines (structured logs / EMF) are collected.
/// </summary>
public sealed class FunctionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private FunctionProcess(Process process, LocalRuntimeApi runtimeApi)
    {
        _process = process;
        RuntimeApi = runtimeApi;
    }

    public LocalRuntimeApi RuntimeApi { get; }

    public DateTimeOffset StartedAt { get; private init; }

    public IReadOnlyCollection<string> StandardOutput => _stdout;

    public string StandardError => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    /// <summary>Stdout lines that parse as JSON objects.</summary>
    public IReadOnlyList<JsonElement> JsonLines() => _stdout
        .Where(l => l.StartsWith('{'))
        .Select(l => JsonDocument.Parse(l).RootElement.Clone())
        .ToList();

    public static async Task<FunctionProcess> StartAsync(string project, Uri awsEndpoint, IReadOnlyDictionary<string, string> environment)
    {
        var bootstrap = await PublishedBootstrap.PathAsync(project).ConfigureAwait(false);
        var runtimeApi = await LocalRuntimeApi.StartAsync().ConfigureAwait(false);
        var start = new ProcessStartInfo(bootstrap)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in new[] { "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi.HostAndPort;
        start.Environment["AWS_ENDPOINT_URL"] = awsEndpoint.ToString();
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        start.Environment["AWS_SESSION_TOKEN"] = "test-session-token";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var startedAt = DateTimeOffset.UtcNow;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {bootstrap}");
        var function = new FunctionProcess(process, runtimeApi) { StartedAt = startedAt };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) function._stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) function._stderr.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return function;
    }

    /// <summary>Invokes the function with <paramref name="eventJson"/> and returns what it posted back.</summary>
    public Task<InvocationResult> InvokeAsync(string eventJson, TimeSpan? functionTimeout = null) =>
        RuntimeApi.InvokeAsync(eventJson, functionTimeout ?? TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        await RuntimeApi.DisposeAsync().ConfigureAwait(false);
    }
}
