using System.Text;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.Lambda.Runtime;
using Xunit;

namespace RtcOnAws.Functions.Tests;

/// <summary>Drives our Runtime API loop in-process against the local Runtime API endpoint.</summary>
public sealed class LambdaBootstrapTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private LocalRuntimeApi _api = null!;
    private LambdaRuntimeClient _client = null!;
    private readonly CancellationTokenSource _stop = new();

    public async Task InitializeAsync()
    {
        _api = await LocalRuntimeApi.StartAsync();
        _client = new LambdaRuntimeClient(_api.HostAndPort);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _api.DisposeAsync();
        _stop.Dispose();
    }

    private Task<int> Run(LambdaHandler handler) =>
        Task.Run(() => LambdaBootstrap.RunAsync(_client, _ => Task.FromResult(handler), TimeProvider.System, _stop.Token));

    [Fact]
    public async Task Handler_sees_the_invocation_and_its_result_is_posted_as_the_response()
    {
        LambdaInvocation? seen = null;
        _ = Run((invocation, _) =>
        {
            seen = invocation;
            var echo = Encoding.UTF8.GetString(invocation.Payload.Span).Replace("ping", "pong", StringComparison.Ordinal);
            return Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(echo));
        });

        var before = DateTimeOffset.UtcNow;
        var result = await _api.InvokeAsync("""{"msg":"ping"}""", TimeSpan.FromSeconds(45), Wait);
        var after = DateTimeOffset.UtcNow;

        Assert.False(result.IsError);
        Assert.Equal("""{"msg":"pong"}""", result.Body);
        Assert.NotNull(seen);
        Assert.True(Guid.TryParse(seen.RequestId, out _));
        // The deadline travels in whole milliseconds: invocation time + 45 s, truncated.
        Assert.InRange(seen.Deadline, before.AddSeconds(45).AddTicks(-(before.Ticks % TimeSpan.TicksPerMillisecond)), after.AddSeconds(45));
        Assert.StartsWith("Root=", seen.TraceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loop_serves_events_one_after_another()
    {
        var count = 0;
        _ = Run((_, _) => Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(Interlocked.Increment(ref count).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var bodies = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            bodies.Add((await _api.InvokeAsync("{}", TimeSpan.FromSeconds(30), Wait)).Body);
        }

        Assert.Equal(["1", "2", "3", "4", "5"], bodies);
    }

    [Fact]
    public async Task Handler_exception_is_posted_as_error_with_type_and_message()
    {
        _ = Run((_, _) => throw new InvalidEventException("detail-type 'Nope' is not handled"));

        var result = await _api.InvokeAsync("{}", TimeSpan.FromSeconds(30), Wait);

        Assert.True(result.IsError);
        Assert.Equal("InvalidEventException", result.ErrorTypeHeader);
        Assert.Equal("InvalidEventException", result.Json.GetProperty("errorType").GetString());
        Assert.Equal("detail-type 'Nope' is not handled", result.Json.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Handler_is_cancelled_before_the_deadline_so_the_error_still_reaches_lambda()
    {
        // The clock starts where the Runtime API's is, so the invocation's deadline lies 2 s ahead of it.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(() => LambdaBootstrap.RunAsync(_client, _ => Task.FromResult<LambdaHandler>(async (_, cancellationToken) =>
        {
            started.TrySetResult(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ReadOnlyMemory<byte>.Empty;
        }), time, _stop.Token));

        var invocation = _api.InvokeAsync("{}", TimeSpan.FromSeconds(2), Wait);
        var handlerToken = await started.Task.WaitAsync(Wait);
        time.Advance(TimeSpan.FromSeconds(2) - LambdaBootstrap.DeadlineReserve - TimeSpan.FromMilliseconds(100));
        var cancelledEarly = handlerToken.IsCancellationRequested;
        time.Advance(TimeSpan.FromSeconds(1));
        var cancelledInTime = handlerToken.IsCancellationRequested;
        var result = await invocation;

        Assert.False(cancelledEarly, "the handler was cancelled before its budget ran out");
        Assert.True(cancelledInTime, "the handler was not cancelled once its budget ran out");
        Assert.True(result.IsError);
        Assert.Equal("TaskCanceledException", result.Json.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Failed_initialization_is_reported_on_init_error_and_ends_the_process()
    {
        var exit = await LambdaBootstrap.RunAsync(_client, _ => throw new InvalidOperationException("RTCONAWS_HOSTED_ZONE_ID is not set"), TimeProvider.System, _stop.Token)
            .WaitAsync(Wait);

        Assert.Equal(1, exit);
        var error = await _api.InitError.WaitAsync(Wait);
        Assert.Equal("InvalidOperationException", error.ErrorTypeHeader);
        Assert.Equal("RTCONAWS_HOSTED_ZONE_ID is not set", error.Json.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://127.0.0.1:9001/")]
    public void Runtime_api_address_must_be_host_and_port(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => new LambdaRuntimeClient(value));

        Assert.Contains("AWS_LAMBDA_RUNTIME_API must be host:port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loop_exits_when_the_runtime_api_goes_away()
    {
        var loop = Run((_, _) => Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes("{}")));
        await _api.FirstNextRequested.WaitAsync(Wait);

        await _api.DisposeAsync();

        Assert.Equal(1, await loop.WaitAsync(Wait));
    }
}
