using System.Text;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class CallStateWriterTests : IAsyncLifetime
{
    private readonly TestLogger _log = new();
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private RedisCallStore _store = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port},abortConnect=false,allowAdmin=true");
        _store = new RedisCallStore(_connection, new CallKeys("w:"), 0);
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_connection, _redis);

    private CallStateWriter Writer(HighAvailabilityMetrics metrics, TimeSpan? expiry = null) =>
        new(_store, expiry ?? TimeSpan.FromSeconds(30), _ => true, metrics, _log);

    private async Task<CallRecord?> StoredAsync(string callId)
    {
        var value = await _store.ReadAsync(callId);
        return value is null ? null : CallRecordCodec.Decode(value, CallRecordCodecTests.Rules).Record;
    }

    [Fact]
    public async Task Writes_nothing_until_enabled_then_the_latest_state_of_each_call()
    {
        var metrics = new HighAvailabilityMetrics();
        await using var writer = Writer(metrics);

        for (var i = 0; i < 200; i++)
        {
            writer.Put(CallRecordCodecTests.Sample() with { UpdatedAtMs = i });
        }

        await Task.Delay(300);
        Assert.Null(await _store.ReadAsync("call-1@example"));

        writer.Enabled = true;
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(199, (await StoredAsync("call-1@example"))!.UpdatedAtMs);
        Assert.InRange(metrics.RedisWrites, 1, 20);
    }

    [Fact]
    public async Task Keeps_up_with_a_burst_without_losing_the_last_write()
    {
        var metrics = new HighAvailabilityMetrics();
        await using var writer = Writer(metrics);
        writer.Enabled = true;

        var burst = Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                writer.Put(CallRecordCodecTests.Sample(callId: $"c{i % 50}") with { UpdatedAtMs = i });
            }
        });
        await burst;
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));

        for (var c = 0; c < 50; c++)
        {
            Assert.Equal(19_950 + c, (await StoredAsync($"c{c}"))!.UpdatedAtMs);
        }
    }

    [Fact]
    public async Task Removes_deleted_calls_and_sets_the_idle_expiry()
    {
        await using var writer = Writer(new HighAvailabilityMetrics(), TimeSpan.FromSeconds(30));
        writer.Enabled = true;
        writer.Put(CallRecordCodecTests.Sample(callId: "keep"));
        writer.Put(CallRecordCodecTests.Sample(callId: "gone"));
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(20)));

        var ttl = await _connection.GetDatabase().KeyTimeToLiveAsync("w:call:keep");
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));

        writer.Remove("gone");
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(20)));
        Assert.Null(await _store.ReadAsync("gone"));
        Assert.NotNull(await _store.ReadAsync("keep"));
    }

    [Fact]
    public async Task Rewrites_every_call_after_redis_comes_back_empty()
    {
        var metrics = new HighAvailabilityMetrics();
        await using var writer = Writer(metrics);
        writer.Enabled = true;
        for (var i = 0; i < 20; i++)
        {
            writer.Put(CallRecordCodecTests.Sample(callId: $"r{i}"));
        }

        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(20)));
        await _redis.StopAsync();
        writer.Put(CallRecordCodecTests.Sample(callId: "r0") with { UpdatedAtMs = 42 });
        await Task.Delay(300);
        await _redis.StartAgainAsync();
        await Eventually.True(() => _connection.IsConnected, "the client reconnects");

        writer.RewriteAll();

        await Eventually.True(async () => (await StoredAsync("r19")) is not null && (await StoredAsync("r0"))?.UpdatedAtMs == 42, "every call rewritten, r0 with its latest state");
        for (var i = 0; i < 20; i++)
        {
            Assert.NotNull(await _store.ReadAsync($"r{i}"));
        }
    }

    [Fact]
    public async Task Rewriting_all_deletes_the_call_keys_it_does_not_hold_then_sets_a_new_generation()
    {
        await using var writer = Writer(new HighAvailabilityMetrics());
        writer.Enabled = true;
        writer.Put(CallRecordCodecTests.Sample(callId: "kept"));
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(20)));

        // What a replica promoted by a failover may still hold: a call deleted on the old primary before it replicated.
        await _connection.GetDatabase().StringSetAsync("w:call:ended-before-failover", CallRecordCodec.Encode(CallRecordCodecTests.Sample(callId: "ended-before-failover")));
        var before = await _store.ReadGenerationAsync();

        writer.RewriteAll();
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(20)));

        Assert.Null(await _store.ReadAsync("ended-before-failover"));
        Assert.NotNull(await StoredAsync("kept"));
        Assert.NotNull(writer.Generation);
        Assert.NotEqual(before, writer.Generation);
        Assert.Equal(writer.Generation, await _store.ReadGenerationAsync());
    }

    [Fact]
    public async Task A_promotion_keeps_mirrored_calls_and_writes_or_deletes_every_call_changed_before_it_writes()
    {
        // Redis as the old active left it; this node mirrored all three.
        foreach (var callId in new[] { "mirrored", "ended-on-standby", "ended-after-snapshot" })
        {
            await _store.WriteAsync(CallRecordCodecTests.Sample(callId: callId) with { UpdatedAtMs = 1 }, TimeSpan.FromSeconds(30));
        }

        var metrics = new HighAvailabilityMetrics();
        await using var writer = Writer(metrics);
        writer.Put(CallRecordCodecTests.Sample(callId: "offered-on-standby") with { UpdatedAtMs = 2 });
        writer.Remove("ended-on-standby");

        writer.Adopt(() =>
        {
            CallRecord[] registry =
            [
                CallRecordCodecTests.Sample(callId: "mirrored") with { UpdatedAtMs = 1 },
                CallRecordCodecTests.Sample(callId: "offered-on-standby") with { UpdatedAtMs = 3 },
                CallRecordCodecTests.Sample(callId: "ended-after-snapshot") with { UpdatedAtMs = 1 },
            ];

            // A BYE right after the registry was read: the snapshot must not bring the call back.
            writer.Remove("ended-after-snapshot");
            return registry;
        });
        writer.Put(CallRecordCodecTests.Sample(callId: "offered-while-acquiring") with { UpdatedAtMs = 4 });
        Assert.Equal(4, writer.PendingCount);

        writer.Enabled = true;
        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(["mirrored", "offered-on-standby", "offered-while-acquiring"], (await _store.ListCallIdsAsync(CancellationToken.None)).Order());
        Assert.Equal(3, (await StoredAsync("offered-on-standby"))!.UpdatedAtMs);
        Assert.Equal(2, metrics.RedisWrites);
        Assert.Equal(3, writer.LiveCount);
    }

    [Fact]
    public async Task Reads_every_call_back_with_scan()
    {
        await using var writer = Writer(new HighAvailabilityMetrics());
        writer.Enabled = true;
        for (var i = 0; i < 1_234; i++)
        {
            writer.Put(CallRecordCodecTests.Sample(callId: $"s{i}"));
        }

        Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
        await _connection.GetDatabase().StringSetAsync("other:key", "not a call");

        var all = new List<KeyValuePair<string, byte[]>>();
        await foreach (var batch in _store.ReadAllAsync(CancellationToken.None))
        {
            all.AddRange(batch);
        }

        Assert.Equal(1_234, all.Count);
        Assert.Equal(1_234, all.Select(kv => kv.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, kv => Assert.Contains($"\"call_id\":\"{kv.Key}\"", Encoding.UTF8.GetString(kv.Value), StringComparison.Ordinal));
    }
}
