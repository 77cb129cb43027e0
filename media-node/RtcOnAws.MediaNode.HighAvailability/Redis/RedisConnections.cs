using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>
/// The node's StackExchange.Redis connection for call values, keyspace notifications and scans. The leader lease has
/// its own <see cref="BlockingRedisConnection"/> (see <see cref="CreateLeaseConnection"/>), so a burst of call writes
/// (thousands after a reconnect) never queues in front of a renewal and makes the active fence itself.
/// </summary>
public sealed class RedisConnections : IAsyncDisposable
{
    private static readonly TimeSpan LeaseConnectTimeout = TimeSpan.FromSeconds(2);

    private RedisConnections(RedisEndpoint endpoint, ConnectionMultiplexer data)
    {
        Endpoint = endpoint;
        Data = data;
    }

    /// <summary>Where Redis is.</summary>
    public RedisEndpoint Endpoint { get; }

    /// <summary>Connection for call values, keyspace notifications and scans.</summary>
    public ConnectionMultiplexer Data { get; }

    /// <summary>Raised when the data connection comes back after a failure (the mirror rescans, the writer rewrites).</summary>
    public event EventHandler? DataConnectionRestored;

    /// <summary>
    /// Connects the data connection. Does not fail when Redis is down: it keeps retrying in the background
    /// (a standby must be able to start before Redis and an active must keep serving while Redis is away).
    /// </summary>
    /// <param name="endpoint">Where Redis is.</param>
    /// <param name="logger">Log.</param>
    public static async Task<RedisConnections> ConnectAsync(RedisEndpoint endpoint, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(logger);
        var data = await ConnectionMultiplexer.ConnectAsync(Options(endpoint, "medianode-data")).ConfigureAwait(false);
        var connections = new RedisConnections(endpoint, data);
        data.ConnectionFailed += (_, e) => LogFailure(logger, endpoint, e);
        data.ConnectionRestored += (_, e) =>
        {
            logger.LogInformation("Redis {Endpoint} connection restored ({ConnectionType})", endpoint, e.ConnectionType);
            connections.DataConnectionRestored?.Invoke(connections, EventArgs.Empty);
        };
        if (!data.IsConnected && endpoint.Tls?.LastRejection is { } rejection)
        {
            logger.LogError("Redis {Endpoint}: TLS handshake failed, nothing is sent to this server: {Reason}", endpoint, rejection);
        }
        else if (!data.IsConnected)
        {
            logger.LogWarning("Redis {Endpoint} is not reachable yet; retrying in the background", endpoint);
        }

        return connections;
    }

    /// <summary>
    /// The lease's own connection: each command waits at most <paramref name="commandTimeout"/> (it must fail well
    /// before the lease could lapse); (re)connecting may take longer, during which the lease thread simply waits.
    /// </summary>
    public BlockingRedisConnection CreateLeaseConnection(TimeSpan commandTimeout) =>
        new(Endpoint, commandTimeout, LeaseConnectTimeout, "medianode-lease", Endpoint.Tls is { } tls ? tls.ValidateServerCertificate : null);

    /// <summary>The server object for server commands (CONFIG GET).</summary>
    public IServer DataServer() => Data.GetServer(Data.GetEndPoints()[0]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Data.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        Data.Dispose();
    }

    private static void LogFailure(ILogger logger, RedisEndpoint endpoint, ConnectionFailedEventArgs e)
    {
        if (e.FailureType == ConnectionFailureType.AuthenticationFailure && endpoint.Tls is { } tls)
        {
            // A refused certificate is a configuration error, not a network blip: say why, loudly.
            logger.LogError("Redis {Endpoint}: TLS handshake failed, nothing is sent to this server: {Reason}", endpoint, tls.LastRejection ?? e.Exception?.Message);
            return;
        }

        logger.LogWarning("Redis {Endpoint} connection lost ({FailureType}, {ConnectionType})", endpoint, e.FailureType, e.ConnectionType);
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
        if (endpoint.Tls is { } tls)
        {
            options.Ssl = true;
            options.SslHost = endpoint.Host;
            options.CertificateValidation += tls.ValidateServerCertificate;
        }

        return options;
    }
}
