using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>Reads and writes call values in Redis. Stateless; every method is one or a few round trips.</summary>
public sealed class RedisCallStore
{
    private const int ScanPageSize = 1000;
    private const int GetBatchSize = 500;
    private readonly IDatabase _database;
    private readonly IServer _server;

    /// <summary>Creates a store over an open connection.</summary>
    public RedisCallStore(IConnectionMultiplexer connection, CallKeys keys, int database)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
        Database = database;
        _database = connection.GetDatabase(database);
        _server = connection.GetServer(connection.GetEndPoints()[0]);
    }

    /// <summary>Key naming.</summary>
    public CallKeys Keys { get; }

    /// <summary>Redis database number.</summary>
    public int Database { get; }

    /// <summary>Writes one call with the idle expiry.</summary>
    public Task WriteAsync(CallRecord record, TimeSpan expiry)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _database.StringSetAsync(Keys.CallKey(record.CallId), CallRecordCodec.Encode(record), expiry);
    }

    /// <summary>Removes one call.</summary>
    public Task DeleteAsync(string callId) => _database.KeyDeleteAsync(Keys.CallKey(callId));

    /// <summary>Pushes a call's expiry forward (media still flows); false when the key is gone.</summary>
    public Task<bool> RefreshAsync(string callId, TimeSpan expiry) => _database.KeyExpireAsync(Keys.CallKey(callId), expiry);

    /// <summary>Reads one call's raw value; <c>null</c> when absent.</summary>
    public async Task<byte[]?> ReadAsync(string callId) => await _database.StringGetAsync(Keys.CallKey(callId)).ConfigureAwait(false);

    /// <summary>
    /// Every call key (SCAN, never KEYS, so Redis is not blocked) with its raw value, read in MGET batches.
    /// Keys that vanish between the scan and the read are left out.
    /// </summary>
    public async Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var keys = await Task.Run(() => _server.Keys(Database, Keys.CallPattern, ScanPageSize).ToArray(), cancellationToken).ConfigureAwait(false);
        var result = new List<KeyValuePair<string, byte[]>>(keys.Length);
        var reads = new List<Task<RedisValue[]>>();
        for (var start = 0; start < keys.Length; start += GetBatchSize)
        {
            reads.Add(_database.StringGetAsync(keys.AsSpan(start, Math.Min(GetBatchSize, keys.Length - start)).ToArray()));
        }

        for (var batch = 0; batch < reads.Count; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = await reads[batch].ConfigureAwait(false);
            for (var i = 0; i < values.Length; i++)
            {
                var key = (string?)keys[(batch * GetBatchSize) + i];
                var callId = key is null ? null : Keys.CallIdOf(key);
                if (callId is not null && values[i].HasValue)
                {
                    result.Add(new(callId, (byte[])values[i]!));
                }
            }
        }

        return result;
    }
}
