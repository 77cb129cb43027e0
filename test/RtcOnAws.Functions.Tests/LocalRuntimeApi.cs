using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RtcOnAws.Functions.Tests;

/// <summary>
/// A Lambda Runtime API endpoint (version 2018-06-01) on 127.0.0.1:0, kept to exactly what the AWS documentation
/// specifies: <c>GET /runtime/invocation/next</c> (200, event body, Lambda-Runtime-* headers, blocks until an event
/// exists), <c>POST /runtime/invocation/{id}/response</c> and <c>/error</c> (202), <c>POST /runtime/init/error</c> (202),
/// 400 for an unknown request id. Tests queue events with <see cref="InvokeAsync"/> and await what the function posted.
/// </summary>
public sealed class LocalRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";
    private readonly WebApplication _app;
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new();
    private readonly TaskCompletionSource<InvocationResult> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DateTimeOffset> _firstNext = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalRuntimeApi(WebApplication app)
    {
        _app = app;
        app.MapGet(Prefix + "/invocation/next", NextAsync);
        app.MapPost(Prefix + "/invocation/{requestId}/response", (string requestId, HttpContext context) => CompleteAsync(requestId, context, isError: false));
        app.MapPost(Prefix + "/invocation/{requestId}/error", (string requestId, HttpContext context) => CompleteAsync(requestId, context, isError: true));
        app.MapPost(Prefix + "/init/error", InitErrorAsync);
    }

    /// <summary>The value to put in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string HostAndPort { get; private set; } = "";

    /// <summary>Completes with the time of the first <c>GET next</c>: the function finished initializing.</summary>
    public Task<DateTimeOffset> FirstNextRequested => _firstNext.Task;

    /// <summary>Completes when the function reports an initialization error.</summary>
    public Task<InvocationResult> InitError => _initError.Task;

    /// <summary>Starts the endpoint on a free loopback port.</summary>
    public static async Task<LocalRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var api = new LocalRuntimeApi(builder.Build());
        await api._app.StartAsync().ConfigureAwait(false);
        var address = api._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        api.HostAndPort = new Uri(address).Authority;
        return api;
    }

    /// <summary>Queues <paramref name="eventJson"/> as one invocation and waits for the function's response or error.</summary>
    public async Task<InvocationResult> InvokeAsync(string eventJson, TimeSpan functionTimeout, TimeSpan waitAtMost)
    {
        var pending = new PendingInvocation(Guid.NewGuid().ToString(), eventJson, DateTimeOffset.UtcNow + functionTimeout);
        _inFlight[pending.RequestId] = pending;
        await _queue.Writer.WriteAsync(pending).ConfigureAwait(false);
        return await pending.Result.Task.WaitAsync(waitAtMost).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task NextAsync(HttpContext context)
    {
        _firstNext.TrySetResult(DateTimeOffset.UtcNow);
        PendingInvocation pending;
        try
        {
            pending = await _queue.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        pending.DeliveredAt = DateTimeOffset.UtcNow;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = pending.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:rtconaws-test";
        context.Response.Headers["Lambda-Runtime-Trace-Id"] = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
        await context.Response.WriteAsync(pending.EventJson, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task CompleteAsync(string requestId, HttpContext context, bool isError)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (!_inFlight.TryRemove(requestId, out var pending))
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, """{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}""").ConfigureAwait(false);
            return;
        }

        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        pending.Result.TrySetResult(new InvocationResult(isError, body, isError ? errorType : null, pending.DeliveredAt, DateTimeOffset.UtcNow));
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, """{"status":"OK"}""").ConfigureAwait(false);
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        _initError.TrySetResult(new InvocationResult(true, body, errorType, null, DateTimeOffset.UtcNow));
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, """{"status":"OK"}""").ConfigureAwait(false);
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    private sealed class PendingInvocation(string requestId, string eventJson, DateTimeOffset deadline)
    {
        public string RequestId { get; } = requestId;

        public string EventJson { get; } = eventJson;

        public DateTimeOffset Deadline { get; } = deadline;

        public DateTimeOffset? DeliveredAt { get; set; }

        public TaskCompletionSource<InvocationResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What the function posted for one invocation.</summary>
/// <param name="IsError">True when it used the error path.</param>
/// <param name="Body">The posted document.</param>
/// <param name="ErrorTypeHeader">Value of <c>Lambda-Runtime-Function-Error-Type</c> on the error path.</param>
/// <param name="DeliveredAt">When <c>GET next</c> handed the event out.</param>
/// <param name="CompletedAt">When the response or error arrived.</param>
public sealed record InvocationResult(bool IsError, string Body, string? ErrorTypeHeader, DateTimeOffset? DeliveredAt, DateTimeOffset CompletedAt)
{
    /// <summary>Parses <see cref="Body"/> as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}
