using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace RtcOnAws.Lambda.Runtime;

/// <summary>
/// HTTP client for the Lambda Runtime API, version 2018-06-01. The long-poll for the next event has no timeout:
/// Lambda freezes the process between events, and a timeout would fail the first call after a thaw.
/// </summary>
public sealed class LambdaRuntimeClient : IDisposable
{
    /// <summary>Environment variable in which Lambda passes the Runtime API's host:port.</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>Header naming the kind of failure on the error paths.</summary>
    public const string FunctionErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    /// <summary>Creates a client for the Runtime API at <paramref name="hostAndPort"/> (the value of <c>AWS_LAMBDA_RUNTIME_API</c>).</summary>
    public LambdaRuntimeClient(string hostAndPort)
    {
        if (string.IsNullOrWhiteSpace(hostAndPort) || hostAndPort.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{RuntimeApiVariable} must be host:port, got '{hostAndPort}'", nameof(hostAndPort));
        }

        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://{hostAndPort}/2018-06-01/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Creates a client from <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public static LambdaRuntimeClient FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(RuntimeApiVariable)
            ?? throw new InvalidOperationException($"{RuntimeApiVariable} is not set: this program runs inside AWS Lambda (provided.al2023) or under a Runtime API emulator"));

    /// <summary>Blocks until Lambda hands out the next event.</summary>
    public async Task<LambdaInvocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "runtime/invocation/next"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RuntimeApiException($"GET runtime/invocation/next answered {(int)response.StatusCode}; the runtime must exit");
        }

        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new RuntimeApiException("GET runtime/invocation/next answered without Lambda-Runtime-Aws-Request-Id");
        var deadlineText = Header(response, "Lambda-Runtime-Deadline-Ms");
        if (!long.TryParse(deadlineText, NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs))
        {
            throw new RuntimeApiException($"Lambda-Runtime-Deadline-Ms must be Unix milliseconds, got '{deadlineText}'");
        }

        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(
            requestId,
            DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs),
            Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            Header(response, "Lambda-Runtime-Trace-Id"),
            payload);
    }

    /// <summary>Posts the function's result for <paramref name="requestId"/>.</summary>
    public Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> responseJson, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(responseJson);
        content.Headers.ContentType = Json;
        return PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, null, cancellationToken);
    }

    /// <summary>Reports that the invocation <paramref name="requestId"/> failed.</summary>
    public Task SendInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken) =>
        PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", ErrorContent(error), error.ErrorType, cancellationToken);

    /// <summary>Reports that the function could not initialize; Lambda then fails the pending invocation.</summary>
    public Task SendInitErrorAsync(LambdaError error, CancellationToken cancellationToken) =>
        PostAsync("runtime/init/error", ErrorContent(error), error.ErrorType, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static ByteArrayContent ErrorContent(LambdaError error)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.LambdaError));
        content.Headers.ContentType = Json;
        return content;
    }

    private async Task PostAsync(string path, HttpContent content, string? errorType, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(FunctionErrorTypeHeader, errorType);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new RuntimeApiException($"POST {path} answered {(int)response.StatusCode}: {body}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new RuntimeApiException($"{request.Method} {request.RequestUri} failed: {e.Message}", e);
            }
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
