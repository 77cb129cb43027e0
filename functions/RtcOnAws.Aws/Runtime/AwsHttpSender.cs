using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace RtcOnAws.Aws.Runtime;

/// <summary>
/// Signs (SigV4 from AWSSDK.Core), sends and retries requests for one service. Retries throttling, 5xx and
/// transport failures with exponential backoff and full jitter until success, a non-retryable error,
/// <see cref="AwsRetryOptions.MaxAttempts"/>, or the deadline.
/// </summary>
internal sealed class AwsHttpSender : IDisposable
{
    private readonly AwsService _service;
    private readonly AwsRetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly RegionEndpoint _signingRegion;
    private readonly AWSCredentials? _configuredCredentials;
    private Task<AWSCredentials>? _defaultCredentials;

    public AwsHttpSender(AwsService service, AwsClientOptions options, string? fallbackRegion = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Validate();
        _service = service;
        _retry = options.Retry;
        _time = options.TimeProvider;
        _ownsHttp = options.HttpClient is null;
        _http = options.HttpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var region = ResolveRegion(options.Region, fallbackRegion);
        _endpoint = EnsureTrailingSlash(options.ServiceUrl ?? service.EndpointFromEnvironment() ?? service.DefaultEndpoint(region));
        _signingRegion = RegionEndpoint.GetBySystemName(service.SigningRegion(region));
        _configuredCredentials = options.Credentials;
    }

    public async Task<AwsHttpResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var deadline = Deadline();
        var attempts = 0;
        Exception? lastError = null;
        while (true)
        {
            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero) throw DeadlineExceeded(request, attempts, started, lastError);
            attempts++;
            try
            {
                return await SendOnceAsync(request, remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsRetryable)
            {
                lastError = ex;
            }
            catch (HttpRequestException ex)
            {
                lastError = ex;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Only the per-attempt timer fires here: the remaining time ran out mid-attempt.
                throw DeadlineExceeded(request, attempts, started, lastError ?? ex);
            }

            if (attempts >= _retry.MaxAttempts) ExceptionDispatchInfo.Capture(lastError).Throw();
            var delay = AwsBackoff.FullJitter(attempts, _retry);
            if (_time.GetUtcNow() + delay >= deadline) throw DeadlineExceeded(request, attempts, started, lastError);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AwsHttpResponse> SendOnceAsync(AwsRequest request, TimeSpan remaining, CancellationToken cancellationToken)
    {
        // The attempt's timer runs on the configured clock, like the deadline it enforces.
        using var attemptTimeout = new CancellationTokenSource(remaining, _time);
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        using var message = await SignedMessageAsync(request, attemptCts.Token).ConfigureAwait(false);
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptCts.Token).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(attemptCts.Token).ConfigureAwait(false);
        var requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
        if (response.IsSuccessStatusCode) return new AwsHttpResponse(response.StatusCode, body, requestId);
        throw AwsErrorParser.Parse(_service.SigningName, response.StatusCode, body, requestId);
    }

    private async Task<HttpRequestMessage> SignedMessageAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var uri = new Uri(_endpoint, request.PathAndQuery.TrimStart('/'));
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = uri,
            Content = request.Body ?? [],
        };
        if (request.ContentType is not null) signingRequest.Headers["Content-Type"] = request.ContentType;
        var signed = await AWSSigV4Signer.SignAsync(signingRequest, new AWSSigV4Parameters
        {
            Credentials = await CredentialsAsync().ConfigureAwait(false),
            Region = _signingRegion,
            Service = _service.SigningName,
            SignPayload = true,
        }, cancellationToken).ConfigureAwait(false);

        var message = new HttpRequestMessage(request.Method, uri);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        }
        foreach (var (name, value) in signed.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    /// <summary>
    /// The configured credentials, else the default chain resolved once; a failed resolution (e.g. IMDS not yet
    /// reachable at boot) is not cached so the next call tries again. The resolved object refreshes itself.
    /// </summary>
    private Task<AWSCredentials> CredentialsAsync()
    {
        if (_configuredCredentials is not null) return Task.FromResult(_configuredCredentials);
        var current = _defaultCredentials;
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            current = DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null);
            _defaultCredentials = current;
        }
        return current;
    }

    private DateTimeOffset Deadline()
    {
        var own = _time.GetUtcNow() + _retry.CallTimeout;
        return AwsDeadline.Current is { } ambient && ambient < own ? ambient : own;
    }

    private AwsDeadlineExceededException DeadlineExceeded(AwsRequest request, int attempts, long started, Exception? lastError) =>
        new(_service.SigningName, request.Operation, attempts, _time.GetElapsedTime(started), lastError);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string ResolveRegion(string? configured, string? fallback)
    {
        var region = configured
                     ?? Environment.GetEnvironmentVariable("AWS_REGION")
                     ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")
                     ?? fallback;
        if (string.IsNullOrWhiteSpace(region))
            throw new ArgumentException("No AWS region: set AwsClientOptions.Region or the AWS_REGION environment variable (e.g. \"us-east-1\").", nameof(configured));
        return region.Trim();
    }

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
