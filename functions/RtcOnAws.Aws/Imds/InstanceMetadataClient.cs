using System.Globalization;
using System.Net;

namespace RtcOnAws.Aws.Imds;

/// <summary>
/// IMDSv2 client: gets a session token with PUT latest/api/token (X-aws-ec2-metadata-token-ttl-seconds), reuses it
/// for every read until it is near expiry, and renews it early if IMDS answers 401.
/// </summary>
public sealed class InstanceMetadataClient : IInstanceMetadataClient
{
    private const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    private const string TokenHeader = "X-aws-ec2-metadata-token";
    private readonly InstanceMetadataOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private string? _token;
    private DateTimeOffset _tokenRenewAt;

    /// <summary>Creates a client with default options.</summary>
    public InstanceMetadataClient() : this(new InstanceMetadataOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    public InstanceMetadataClient(InstanceMetadataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TokenTtl < TimeSpan.FromSeconds(1) || options.TokenTtl > TimeSpan.FromHours(6))
            throw new ArgumentOutOfRangeException(nameof(options), options.TokenTtl, "TokenTtl must be between 1 second and 6 hours.");
        if (options.RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestTimeout, "RequestTimeout must be positive.");
        _options = options;
        _ownsHttp = options.HttpClient is null;
        _http = options.HttpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var endpoint = options.Endpoint
                       ?? (Environment.GetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT") is { Length: > 0 } fromEnv
                           ? new Uri(fromEnv)
                           : new Uri("http://169.254.169.254/"));
        _endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
    }

    /// <inheritdoc />
    public Task<string> GetInstanceIdAsync(CancellationToken cancellationToken = default) =>
        GetMetadataAsync("instance-id", cancellationToken);

    /// <inheritdoc />
    public Task<string> GetRegionAsync(CancellationToken cancellationToken = default) =>
        GetMetadataAsync("placement/region", cancellationToken);

    /// <inheritdoc />
    public Task<string> GetAvailabilityZoneAsync(CancellationToken cancellationToken = default) =>
        GetMetadataAsync("placement/availability-zone", cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ImdsNetworkInterface>> GetNetworkInterfacesAsync(CancellationToken cancellationToken = default)
    {
        var macs = Lines(await GetMetadataAsync("network/interfaces/macs/", cancellationToken).ConfigureAwait(false))
            .Select(line => line.TrimEnd('/'));
        var interfaces = new List<ImdsNetworkInterface>();
        foreach (var mac in macs)
        {
            var prefix = $"network/interfaces/macs/{mac}/";
            var eniId = await GetMetadataAsync(prefix + "interface-id", cancellationToken).ConfigureAwait(false);
            var device = await GetMetadataAsync(prefix + "device-number", cancellationToken).ConfigureAwait(false);
            var subnet = await GetOptionalAsync(prefix + "subnet-id", cancellationToken).ConfigureAwait(false);
            var ips = await GetOptionalAsync(prefix + "local-ipv4s", cancellationToken).ConfigureAwait(false);
            interfaces.Add(new ImdsNetworkInterface(
                mac,
                eniId.Trim(),
                int.Parse(device.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                subnet?.Trim(),
                ips is null ? [] : Lines(ips)));
        }
        return interfaces.OrderBy(i => i.DeviceNumber).ToList();
    }

    /// <inheritdoc />
    public async Task<string> GetMetadataAsync(string path, CancellationToken cancellationToken = default) =>
        await GetOptionalAsync(path, cancellationToken).ConfigureAwait(false)
        ?? throw new InstanceMetadataException(path, HttpStatusCode.NotFound, "not found.");

    /// <inheritdoc />
    public void Dispose()
    {
        _tokenLock.Dispose();
        if (_ownsHttp) _http.Dispose();
    }

    private async Task<string?> GetOptionalAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var uri = new Uri(_endpoint, "latest/meta-data/" + path.TrimStart('/'));
        for (var attempt = 1; ; attempt++)
        {
            var token = await TokenAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation(TokenHeader, token);
            var (status, body) = await SendAsync(request, path, cancellationToken).ConfigureAwait(false);
            switch (status)
            {
                case HttpStatusCode.OK:
                    return body;
                case HttpStatusCode.NotFound:
                    return null;
                case HttpStatusCode.Unauthorized when attempt == 1:
                    // The token expired or IMDS restarted: drop it and try once with a fresh one.
                    await InvalidateAsync(token, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    throw new InstanceMetadataException(path, status, $"HTTP {(int)status}.");
            }
        }
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _options.TimeProvider.GetUtcNow();
            if (_token is not null && now < _tokenRenewAt) return _token;
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_endpoint, "latest/api/token"));
            var ttlSeconds = (int)_options.TokenTtl.TotalSeconds;
            request.Headers.TryAddWithoutValidation(TokenTtlHeader, ttlSeconds.ToString(CultureInfo.InvariantCulture));
            var (status, body) = await SendAsync(request, "latest/api/token", cancellationToken).ConfigureAwait(false);
            if (status != HttpStatusCode.OK || string.IsNullOrWhiteSpace(body))
                throw new InstanceMetadataException("latest/api/token", status, $"token request failed with HTTP {(int)status}.");
            var margin = TimeSpan.FromTicks(Math.Min(_options.TokenRefreshMargin.Ticks, _options.TokenTtl.Ticks / 2));
            _token = body.Trim();
            _tokenRenewAt = now + TimeSpan.FromSeconds(ttlSeconds) - margin;
            return _token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task InvalidateAsync(string token, CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token == token) _token = null;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request, string path, CancellationToken cancellationToken)
    {
        // The per-request timer runs on the configured clock, so a test can expire it without waiting.
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InstanceMetadataException(path, null, $"no answer within {_options.RequestTimeout.TotalMilliseconds:F0} ms (not on EC2, or hop limit too low?).", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new InstanceMetadataException(path, null, $"unreachable: {ex.Message}", ex);
        }
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
