using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Health;
using RtcOnAws.MediaNode.Engine.Metrics;

namespace RtcOnAws.MediaNode;

/// <summary>
/// <c>GET /health</c> (JSON; 200 when every check passes, 503 otherwise) and <c>GET /metrics</c> (Prometheus text)
/// on a small HttpListener, loopback by default. Requests are answered inline: both are cheap reads.
/// </summary>
public sealed class MonitoringHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HealthRegistry _health;
    private readonly MetricsRegistry _metrics;
    private readonly ILogger _logger;

    /// <summary>Starts listening on <paramref name="endPoint"/>.</summary>
    public MonitoringHttpServer(IPEndPoint endPoint, HealthRegistry health, MetricsRegistry metrics, ILogger<MonitoringHttpServer> logger)
    {
        _health = health;
        _metrics = metrics;
        _logger = logger;
        var host = endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
        Prefix = $"http://{(AddressPolicy.IsWildcard(endPoint.Address) ? "+" : host)}:{endPoint.Port}/";
        _listener.Prefixes.Add(Prefix);
        _listener.Start();
    }

    /// <summary>The listener prefix, e.g. http://127.0.0.1:2225/.</summary>
    public string Prefix { get; }

    /// <summary>Answers requests until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("health and metrics on {Prefix}health and {Prefix}metrics", Prefix, Prefix);
        await using var stop = cancellationToken.Register(_listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                _logger.LogWarning("health/metrics listener error: {Error}", exception.Message);
                continue;
            }

            await RespondAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the listener.</summary>
    public ValueTask DisposeAsync()
    {
        _listener.Close();
        return ValueTask.CompletedTask;
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, contentType, body) = (context.Request.HttpMethod, context.Request.Url?.AbsolutePath) switch
            {
                ("GET", "/health") => Health(),
                ("GET", "/metrics") => (200, "text/plain; version=0.0.4; charset=utf-8", _metrics.Render()),
                ("GET", _) => (404, "text/plain; charset=utf-8", "not found: use /health or /metrics\n"),
                _ => (405, "text/plain; charset=utf-8", "only GET is supported\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException)
        {
            _logger.LogDebug("health/metrics client went away: {Error}", exception.Message);
        }
        finally
        {
            response.Close();
        }
    }

    private (int, string, string) Health()
    {
        var checks = _health.Evaluate();
        var healthy = checks.All(c => c.Status.Healthy);
        var body = JsonSerializer.Serialize(new
        {
            status = healthy ? "ok" : "unhealthy",
            checks = checks.ToDictionary(c => c.Name, c => new { healthy = c.Status.Healthy, detail = c.Status.Detail }),
        });
        return (healthy ? 200 : 503, "application/json", body + "\n");
    }
}
