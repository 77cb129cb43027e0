using System.Runtime.CompilerServices;
using System.Threading.Channels;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>Reads and writes call values in Redis. Stateless; every method is one or a few round trips.</summary>
public sealed class RedisCallStore
{
    private const int ScanPageSize = 1000;

    // Small enough that the first batch arrives early and the last one does not leave a core idle for long.
    private const int GetBatchSize = 256;

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

    /// <summary>Reads the generation token the active set last; <c>null</c> when absent (Redis restarted, or no active yet).</summary>
    public async Task<string?> ReadGenerationAsync() => await _database.StringGetAsync(Keys.GenerationKey).ConfigureAwait(false);

    /// <summary>Sets the generation token: Redis now holds exactly the writer's calls.</summary>
    public Task WriteGenerationAsync(string token) => _database.StringSetAsync(Keys.GenerationKey, token);

    /// <summary>Publishes <paramref name="nonce"/> on the probe channel; it comes back to every subscriber of the call keys.</summary>
    public Task PublishProbeAsync(string nonce) =>
        _database.PublishAsync(new RedisChannel(Keys.ProbeChannel(Database), RedisChannel.PatternMode.Literal), nonce);

    /// <summary>The call-ids of every call key (SCAN).</summary>
    public async Task<HashSet<string>> ListCallIdsAsync(CancellationToken cancellationToken)
    {
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in _server.KeysAsync(Database, Keys.CallPattern, ScanPageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (Keys.CallIdOf(key!) is { } callId)
            {
                callIds.Add(callId);
            }
        }

        return callIds;
    }

    /// <summary>
    /// Every call key (SCAN, never KEYS, so Redis is not blocked) with its raw value, in batches. Each batch is read
    /// with one MGET sent as soon as the scan has found its keys, while the scan goes on, so the caller can restore one
    /// batch while the next ones are in flight. Keys that vanish between the scan and the read are left out.
    /// A Redis failure surfaces as <see cref="RedisException"/> or <see cref="TimeoutException"/> from the enumeration.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reads = Channel.CreateUnbounded<Task<IReadOnlyList<KeyValuePair<string, byte[]>>>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        var scan = ScanAsync(reads.Writer, cancellationToken);
        try
        {
            await foreach (var read in reads.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return await read.ConfigureAwait(false);
            }
        }
        finally
        {
            reads.Writer.TryComplete();
            while (reads.Reader.TryRead(out var abandoned))
            {
                Abandon(abandoned);
            }

            await scan.ConfigureAwait(false);
        }
    }

    private async Task ScanAsync(ChannelWriter<Task<IReadOnlyList<KeyValuePair<string, byte[]>>>> reads, CancellationToken cancellationToken)
    {
        try
        {
            // SCAN may return a key twice (while Redis rehashes); batches restore in parallel, so each call goes once.
            var seen = new HashSet<RedisKey>();
            var batch = new List<RedisKey>(GetBatchSize);
            await foreach (var key in _server.KeysAsync(Database, Keys.CallPattern, ScanPageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (!seen.Add(key))
                {
                    continue;
                }

                batch.Add(key);
                if (batch.Count == GetBatchSize)
                {
                    if (!Issue(reads, [.. batch]))
                    {
                        return;
                    }

                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                Issue(reads, [.. batch]);
            }

            reads.TryComplete();
        }
        catch (Exception e)
        {
            reads.TryComplete(e);
        }
    }

    /// <summary>Sends one MGET; false when the reader is gone (it stopped early), so scanning on is pointless.</summary>
    private bool Issue(ChannelWriter<Task<IReadOnlyList<KeyValuePair<string, byte[]>>>> reads, RedisKey[] keys)
    {
        var read = ReadBatchAsync(keys);
        if (reads.TryWrite(read))
        {
            return true;
        }

        Abandon(read);
        return false;
    }

    // Nobody awaits the read any more; observe its failure so it does not surface as an unobserved exception.
    private static void Abandon(Task read) =>
        read.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private async Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadBatchAsync(RedisKey[] keys)
    {
        var values = await _database.StringGetAsync(keys).ConfigureAwait(false);
        var result = new List<KeyValuePair<string, byte[]>>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var key = (string?)keys[i];
            var callId = key is null ? null : Keys.CallIdOf(key);
            if (callId is not null && values[i].HasValue)
            {
                result.Add(new(callId, (byte[])values[i]!));
            }
        }

        return result;
    }
}
