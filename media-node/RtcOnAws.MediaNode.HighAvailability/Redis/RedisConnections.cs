using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>
/// The two Redis connections of a node. The lease gets its own connection so a burst of call writes
/// (thousands after a reconnect) never queues in front of a renewal and makes the active fence itself.
/// </summary>
public sealed class RedisConnections : IAsyncDisposable
{
    private RedisConnections(RedisEndpoint endpoint, ConnectionMultiplexer lease, ConnectionMultiplexer data)
    {
        Endpoint = endpoint;
        Lease = lease;
        Data = data;
    }

    /// <summary>Where Redis is.</summary>
    public RedisEndpoint Endpoint { get; }

    /// <summary>Connection used only for the leader lease (small, latency-critical commands).</summary>
    public ConnectionMultiplexer Lease { get; }

    /// <summary>Connection for call values, keyspace notifications and scans.</summary>
    public ConnectionMultiplexer Data { get; }

    /// <summary>Raised when the data connection comes back after a failure (the mirror rescans, the writer rewrites).</summary>
    public event EventHandler? DataConnectionRestored;

    /// <summary>
    /// Connects both connections. Does not fail when Redis is down: the connections keep retrying in the background
    /// (a standby must be able to start before Redis and an active must keep serving while Redis is away).
    /// </summary>
    /// <param name="endpoint">Where Redis is.</param>
    /// <param name="leaseCommandTimeout">Longest wait for one lease command (it must fail well before the lease could lapse).</param>
    /// <param name="logger">Log.</param>
    public static async Task<RedisConnections> ConnectAsync(RedisEndpoint endpoint, TimeSpan leaseCommandTimeout, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(logger);
        var leaseOptions = Options(endpoint, "medianode-lease");
        leaseOptions.SyncTimeout = Math.Max(10, (int)leaseCommandTimeout.TotalMilliseconds);
        var lease = await ConnectionMultiplexer.ConnectAsync(leaseOptions).ConfigureAwait(false);
        var data = await ConnectionMultiplexer.ConnectAsync(Options(endpoint, "medianode-data")).ConfigureAwait(false);
        var connections = new RedisConnections(endpoint, lease, data);
        data.ConnectionFailed += (_, e) =>
            logger.LogWarning("Redis {Endpoint} connection lost ({FailureType}, {ConnectionType})", endpoint, e.FailureType, e.ConnectionType);
        data.ConnectionRestored += (_, e) =>
        {
            logger.LogInformation("Redis {Endpoint} connection restored ({ConnectionType})", endpoint, e.ConnectionType);
            connections.DataConnectionRestored?.Invoke(connections, EventArgs.Empty);
        };
        if (!data.IsConnected)
        {
            logger.LogWarning("Redis {Endpoint} is not reachable yet; retrying in the background", endpoint);
        }

        return connections;
    }

    /// <summary>The server object for scans (SCAN through <see cref="IServer.Keys(int, RedisValue, int, CommandFlags)"/>).</summary>
    public IServer DataServer() => Data.GetServer(Data.GetEndPoints()[0]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Lease.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        await Data.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        Lease.Dispose();
        Data.Dispose();
    }

    private static ConfigurationOptions Options(RedisEndpoint endpoint, string clientName)
    {
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ClientName = clientName,
            DefaultDatabase = endpoint.Database,
            Password = endpoint.Password,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            KeepAlive = 1,
            ConnectRetry = 3,

            // CONFIG GET, to warn when keyspace notifications are off.
            AllowAdmin = true,
        };
        options.EndPoints.Add(endpoint.Host, endpoint.Port);
        return options;
    }
}
