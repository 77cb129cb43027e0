using System.Net;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using RtcOnAws.MediaNode.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit;

namespace RtcOnAws.MediaNode.Tests;

/// <summary>
/// The health signal the load balancer, Global Accelerator and Route 53 probe: HTTP <c>GET /health</c> on the SBC's
/// SIP TCP socket, answered by a real Kamailio running the rendered config, which asks a real media-node of a hot-standby
/// pair (real Redis lease) whether it serves. A standby, a fenced node, a dead media-node and a dead Kamailio all read
/// unhealthy; only the lease holder that forwards reads 200.
/// </summary>
public sealed class KamailioHealthAnswerTests : IAsyncLifetime
{
    private const string Prefix = "hc-health:";
    private const string NodeId = "node-a";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Only_the_lease_holder_that_forwards_reads_healthy_and_standby_fenced_or_dead_read_unhealthy()
    {
        // The peer holds the lease: this node starts and stays a standby.
        using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port}"))
        {
            await redis.GetDatabase().StringSetAsync(Prefix + "lease", "node-b", TimeSpan.FromMinutes(5));
        }

        MediaNodeDaemon? daemon = await MediaNodeDaemon.StartAsync(20,
            "--redis", $"127.0.0.1:{_redis.Port}/0", "--redis-key-prefix", Prefix, "--ha-node-id", NodeId, "--ha-takeover", "none",
            "--ha-lease-ttl", "400", "--ha-lease-renew", "40", "--ha-fence-margin", "150");
        KamailioProxy? kamailio = await KamailioProxy.StartAsync(daemon.Ng, "sbc.example.com",
            customize: s => s with { MediaNodeHttpPort = daemon.Http.Port });
        var health = new Uri($"http://{kamailio.Sip}/health");
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync(health)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(new Uri($"http://{kamailio.Sip}/metrics"))).StatusCode);

            // The peer's lease is gone: this node takes it, forwards, and reads healthy.
            using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port}"))
            {
                await redis.GetDatabase().KeyDeleteAsync(Prefix + "lease");
            }
            await AssertBecomesAsync(health, HttpStatusCode.OK, daemon, kamailio);
            Assert.Equal("serving\n", await _http.GetStringAsync(health));

            // Redis is gone: the node cannot renew its lease, fences itself, and must not attract traffic.
            await _redis.StopAsync();
            await AssertBecomesAsync(health, HttpStatusCode.ServiceUnavailable, daemon, kamailio);
            using (var serving = await _http.GetAsync(new Uri($"http://{daemon.Http}/serving")))
            {
                Assert.Equal("not forwarding: standby or fenced\n", await serving.Content.ReadAsStringAsync());
            }

            // media-node is dead: Kamailio still answers, unhealthy.
            await daemon.DisposeAsync();
            daemon = null;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync(health)).StatusCode);

            // Kamailio is dead: nothing answers, which every checker reads as unhealthy.
            await kamailio.DisposeAsync();
            kamailio = null;
            await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(health));
        }
        finally
        {
            if (kamailio is not null)
            {
                await kamailio.DisposeAsync();
            }
            if (daemon is not null)
            {
                await daemon.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_media_node_without_a_pair_serves_as_soon_as_it_runs()
    {
        await using var daemon = await MediaNodeDaemon.StartAsync(10);
        using var serving = await _http.GetAsync(new Uri($"http://{daemon.Http}/serving"));
        Assert.Equal(HttpStatusCode.OK, serving.StatusCode);
        Assert.Equal("serving\n", await serving.Content.ReadAsStringAsync());
    }

    private async Task AssertBecomesAsync(Uri health, HttpStatusCode expected, MediaNodeDaemon? daemon, KamailioProxy? kamailio)
    {
        var deadline = DateTime.UtcNow + Wait;
        HttpStatusCode status;
        do
        {
            status = (await _http.GetAsync(health)).StatusCode;
            if (status == expected)
            {
                return;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"/health stayed {status}, expected {expected}\nmedia-node:\n{daemon?.Process.Output}\nkamailio:\n{kamailio?.Process.Output}");
    }
}
