using System.Net;
using System.Net.Sockets;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class BlockingRedisConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);
    private readonly List<BlockingRedisConnection> _connections = [];
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        _connections.ForEach(c => c.Dispose());
        await _redis.DisposeAsync();
    }

    [Fact]
    public void Reads_every_reply_type_and_stays_in_step_after_an_error_reply()
    {
        var redis = Connect(_redis.Endpoint);

        Assert.Equal(new RedisReply(RedisReplyKind.SimpleString, 0, "OK"), redis.Execute("SET", "k", "line one\r\nline two é"));
        Assert.Equal(new RedisReply(RedisReplyKind.BulkString, 0, "line one\r\nline two é"), redis.Execute("GET", "k"));
        Assert.Equal(RedisReplyKind.Nil, redis.Execute("GET", "missing").Kind);
        Assert.Equal(RedisReplyKind.Nil, redis.Execute("SET", "k", "other", "NX").Kind);
        var error = Assert.Throws<RedisErrorReplyException>(() => redis.Execute("INCR", "k"));
        Assert.Contains("not an integer", error.Message, StringComparison.Ordinal);
        Assert.Equal(new RedisReply(RedisReplyKind.Integer, 1, null), redis.Execute("INCR", "counter"));
        Assert.Equal(-2, redis.Execute("PTTL", "missing").Integer);
        Assert.True(redis.IsConnected);
    }

    [Fact]
    public void Selects_the_database_and_names_itself()
    {
        var db3 = Connect(_redis.Endpoint with { Database = 3 }, "lease-under-test");
        var db0 = Connect(_redis.Endpoint);

        db3.Execute("SET", "only-in-3", "x");

        Assert.Equal(RedisReplyKind.Nil, db0.Execute("GET", "only-in-3").Kind);
        Assert.Equal("x", db3.Execute("GET", "only-in-3").Text);
        Assert.Contains("name=lease-under-test", db0.Execute("CLIENT", "LIST").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticates_with_the_password_and_reports_a_refused_one()
    {
        var admin = Connect(_redis.Endpoint);
        admin.Execute("CONFIG", "SET", "requirepass", "s3cret-pass");

        var withPassword = Connect(_redis.Endpoint with { Password = "s3cret-pass" });
        var withoutPassword = Connect(_redis.Endpoint);

        Assert.Equal("OK", withPassword.Execute("SET", "k", "v").Text);
        Assert.Throws<RedisErrorReplyException>(() => withoutPassword.Execute("GET", "k"));
        Assert.False(withoutPassword.IsConnected);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_fails_the_command_and_closes_the_connection()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptSocketAsync();
        var redis = new BlockingRedisConnection(new RedisEndpoint("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, 0, null), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), "silent", tlsValidation: null);
        _connections.Add(redis);

        var attempt = Task.Run(() => redis.Execute("PING"));

        await Assert.ThrowsAsync<RedisUnavailableException>(() => attempt.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(redis.IsConnected);
        using var socket = await accepted;
    }

    [Fact]
    public async Task Reports_redis_down_and_reconnects_once_it_is_back()
    {
        var redis = Connect(_redis.Endpoint);
        Assert.Equal("PONG", redis.Execute("PING").Text);

        await _redis.StopAsync();
        Assert.Throws<RedisUnavailableException>(() => redis.Execute("PING"));
        Assert.False(redis.IsConnected);

        await _redis.StartAgainAsync();
        Assert.Equal("PONG", redis.Execute("PING").Text);
        Assert.True(redis.IsConnected);
    }

    private BlockingRedisConnection Connect(RedisEndpoint endpoint, string name = "test")
    {
        var connection = new BlockingRedisConnection(endpoint, Generous, Generous, name, tlsValidation: null);
        _connections.Add(connection);
        return connection;
    }
}
