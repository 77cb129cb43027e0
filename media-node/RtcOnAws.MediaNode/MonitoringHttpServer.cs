using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.Engine.Health;
using RtcOnAws.MediaNode.Engine.Metrics;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode;

/// <summary>
/// <c>GET /health</c> (JSON; 200 when every check passes, 503 otherwise), <c>GET /serving</c> (200 only when the node is
/// healthy and its relay forwards, that is not a standby and not fenced: what the SIP proxy's health answer asks) and
/// <c>GET /metrics</c> (Prometheus text) on Kestrel, loopback by default. Kestrel rather than the managed HttpListener, whose start-up races with a client
/// connection that is already pending (a scraper polling a restarting node) and can crash the process.
/// </summary>
public sealed class MonitoringHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MonitoringHttpServer(WebApplication app, string prefix)
    {
        _app = app;
        Prefix = prefix;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:2225/.</summary>
    public string Prefix { get; }

    /// <summary>Binds <paramref name="endPoint"/> and starts answering; an address in use fails here, before the node serves calls.</summary>
    public static async Task<MonitoringHttpServer> StartAsync(
        IPEndPoint endPoint, HealthRegistry health, MetricsRegistry metrics, RelayEngine relay, ILogger<MonitoringHttpServer> logger,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // The daemon's own structured logs say what matters; Kestrel's per-request logs would only add noise.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(endPoint);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0;
        });
        var app = builder.Build();
        app.MapGet("/health", () => Health(health));
        app.MapGet("/serving", () => Serving(health, relay));
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        app.MapFallback((HttpContext context) => context.Request.Method == HttpMethods.Get
            ? Results.Text("not found: use /health, /serving or /metrics\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
            : Results.Text("only GET is supported\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status405MethodNotAllowed));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var host = endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
        var server = new MonitoringHttpServer(app, $"http://{host}:{endPoint.Port}/");
        logger.LogInformation("health, serving state and metrics on {Prefix}health, {Prefix}serving and {Prefix}metrics", server.Prefix, server.Prefix, server.Prefix);
        return server;
    }

    /// <summary>Stops listening, letting requests in flight finish.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static IResult Serving(HealthRegistry health, RelayEngine relay)
    {
        var failed = health.Evaluate().Where(c => !c.Status.Healthy).Select(c => c.Name).ToArray();
        var (code, text) = failed.Length > 0 ? (StatusCodes.Status503ServiceUnavailable, $"unhealthy: {string.Join(", ", failed)}")
            : !relay.IsForwardingNow ? (StatusCodes.Status503ServiceUnavailable, "not forwarding: standby or fenced")
            : (StatusCodes.Status200OK, "serving");
        return Results.Text(text + "\n", "text/plain; charset=utf-8", statusCode: code);
    }

    private static IResult Health(HealthRegistry health)
    {
        var checks = health.Evaluate();
        var healthy = checks.All(c => c.Status.Healthy);
        // Written field by field, not serialized by reflection: the daemon also runs as a Native AOT build.
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status", healthy ? "ok" : "unhealthy");
            json.WriteStartObject("checks");
            foreach (var check in checks)
            {
                json.WriteStartObject(check.Name);
                json.WriteBoolean("healthy", check.Status.Healthy);
                json.WriteString("detail", check.Status.Detail);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Results.Text(Encoding.UTF8.GetString(body.WrittenSpan) + "\n", "application/json", statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
