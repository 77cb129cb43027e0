using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.HighAvailability.Mirror;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class StandbyMirrorTests : IAsyncLifetime
{
    // Room for the start-up scan test: 300 calls of four ports each, plus the calls its bad values pretend to be.
    private const int RangeSize = 1_240;
    // The bad records name ports just above the range (up to 20 of them): taken from the free ports too, so that no
    // other test binds them while these tests check that the standby did not.
    private const int PortsAboveRange = 20;
    private readonly TestLogger _log = new();
    private readonly HighAvailabilityMetrics _metrics = new();
    private readonly FakeTimeProvider _time = new();
    private RedisServer _redis = null!;
    private RedisConnections _connections = null!;
    private RedisCallStore _store = null!;
    private StandbyEngine _engine = null!;
    private StandbyMirror _mirror = null!;
    private CallStateWriter _writer = null!;
    private int _portMin;

    private int PortMax => _portMin + RangeSize - 1;

    private CallRecordRules Rules => new(IPAddress.Loopback, _portMin, PortMax);

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connections = await RedisConnections.ConnectAsync(_redis.Endpoint, _log);
        _store = new RedisCallStore(_connections.Data, new CallKeys("m:"), 0);
        (_portMin, _) = FreePorts.MediaRange(RangeSize + PortsAboveRange);
        _engine = StandbyEngine.Create(IPAddress.Loopback, _portMin, PortMax);
        _mirror = new StandbyMirror(_store, _connections.Data.GetSubscriber(), new EngineCallReplica(_engine.Registry), Rules, _metrics, _log, _time);
        _writer = new CallStateWriter(_store, TimeSpan.FromSeconds(60), _ => true, new HighAvailabilityMetrics(), _log, _time) { Enabled = true };

        // What HighAvailabilityService does on a reconnect (the writer stands for the active node).
        _connections.DataConnectionRestored += (_, _) =>
        {
            _mirror.RequestResync();
            _writer.RewriteAll();
        };
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_writer, _mirror, _engine, _connections, _redis);

    private CallRecord Call(int index) =>
        CallRecordCodecTests.Sample(callId: $"call-{index}", callerPort: _portMin + (index * 4), calleePort: _portMin + (index * 4) + 2, address: "127.0.0.1");

    private async Task StartMirrorAsync()
    {
        _mirror.Enabled = true;
        await _mirror.StartAsync();

        // After the start-up scan every value is seen exactly once, through its notification.
        await Eventually.True(() => _metrics.MirrorResyncs >= 1, "the start-up scan finished");
    }

    [Fact]
    public async Task Mirrors_new_calls_with_their_exact_ports_bound_and_frees_them_when_the_active_deletes_the_call()
    {
        await StartMirrorAsync();

        for (var i = 0; i < 5; i++)
        {
            _writer.Put(Call(i));
        }

        await Eventually.True(() => _engine.Registry.CallCount == 5, "five calls mirrored");
        for (var i = 0; i < 5; i++)
        {
            Assert.False(FreePorts.UdpBindable(_portMin + (i * 4)), $"caller RTP port of call {i} is bound");
            Assert.False(FreePorts.UdpBindable(_portMin + (i * 4) + 3), $"callee RTCP port of call {i} is bound");
        }

        var snapshot = _engine.Registry.GetSnapshot("call-2")!;
        Assert.Equal("10.77.1.1:40000", snapshot.Legs[0].Medias[0].LearnedRtp);
        Assert.Equal("10.77.1.2:40000", snapshot.Legs[1].Medias[0].ExpectedRtp);

        _writer.Remove("call-2");

        await Eventually.True(() => _engine.Registry.CallCount == 4, "the deleted call is dropped");
        Assert.Null(_engine.Registry.GetSnapshot("call-2"));
        Assert.True(FreePorts.UdpBindable(_portMin + 8), "the deleted call's ports are free again");
        Assert.True(FreePorts.UdpBindable(_portMin + 11));
    }

    [Fact]
    public async Task Follows_updates_such_as_a_newly_learned_endpoint()
    {
        await StartMirrorAsync();
        _writer.Put(Call(0));
        await Eventually.True(() => _engine.Registry.CallCount == 1, "call mirrored");

        var updated = Call(0) with
        {
            Legs = [Call(0).Legs[0], Call(0).Legs[1] with { Media = [Call(0).Legs[1].Media[0] with { LearnedRtp = "10.77.1.2:40002" }] }],
        };
        _writer.Put(updated);

        await Eventually.True(() => _engine.Registry.GetSnapshot("call-0")?.Legs[1].Medias[0].LearnedRtp == "10.77.1.2:40002", "learned endpoint mirrored");
    }

    [Fact]
    public async Task Restores_everything_already_stored_at_start()
    {
        for (var i = 0; i < 30; i++)
        {
            _writer.Put(Call(i));
        }

        await Eventually.True(() => _writer.IsFlushed, "every call written");

        await StartMirrorAsync();

        await Eventually.True(() => _engine.Registry.CallCount == 30, "thirty calls restored by the initial scan: " + string.Join(" | ", _log.Messages(LogLevel.Warning).Take(3)));
        Assert.Equal(1, _metrics.MirrorResyncs);
    }

    [Fact]
    public async Task Skips_corrupt_unknown_version_and_out_of_range_values_and_never_binds_their_ports()
    {
        await StartMirrorAsync();
        var db = _connections.Data.GetDatabase();
        var outsidePort = PortMax + 1 + ((PortMax + 1) % 2);
        var outside = Call(0) with { CallId = "outside", Legs = [.. Call(0).Legs.Select((l, i) => l with { Media = [l.Media[0] with { RtpPort = outsidePort + (i * 2), RtcpPort = outsidePort + (i * 2) + 1 }] })] };
        var otherAddress = Call(1) with { CallId = "other-address", Legs = [.. Call(1).Legs.Select(l => l with { Media = [l.Media[0] with { LocalAddress = "127.0.0.2" }] })] };

        await db.StringSetAsync("m:call:garbage", "\u0001\u0002 not json");
        await db.StringSetAsync("m:call:future", "{\"v\":2,\"call_id\":\"future\",\"legs\":[]}");
        await db.StringSetAsync("m:call:outside", CallRecordCodec.Encode(outside));
        await db.StringSetAsync("m:call:other-address", CallRecordCodec.Encode(otherAddress));
        _writer.Put(Call(2));

        await Eventually.True(() => _engine.Registry.CallCount == 1, "the valid call is mirrored");
        await Eventually.True(() => _metrics.Rejected(CallRecordRejection.Corrupt) == 1 && _metrics.Rejected(CallRecordRejection.UnknownVersion) == 1 && _metrics.Rejected(CallRecordRejection.Invalid) == 2, "every bad value counted");
        Assert.True(FreePorts.UdpBindable(outsidePort), "a port outside the range is never bound");
        Assert.True(FreePorts.UdpBindable(_portMin + 4), "a call naming another address binds nothing");
        Assert.Equal(0, _engine.Ports.InUse - 2);
        Assert.Equal(4, _log.Messages(LogLevel.Error).Count(m => m.StartsWith("Skipping call", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_start_up_scan_restores_hundreds_of_calls_in_parallel_and_still_skips_every_bad_value_among_them()
    {
        const int Valid = 300;
        var db = _connections.Data.GetDatabase();
        var writes = new List<Task>();
        for (var i = 0; i < Valid; i++)
        {
            writes.Add(db.StringSetAsync($"m:call:call-{i}", CallRecordCodec.Encode(Call(i))));

            // Bad values spread over the whole scan, so they land in different batches on different threads.
            if (i % 60 == 0)
            {
                var bad = Valid + (i / 60);
                var outsidePort = PortMax + 1 + ((PortMax + 1) % 2) + (i / 60 * 4);
                writes.Add(db.StringSetAsync($"m:call:garbage-{i}", "{\"v\":1,\"call_id\""));
                writes.Add(db.StringSetAsync($"m:call:other-address-{bad}", CallRecordCodec.Encode(Call(bad) with
                {
                    CallId = $"other-address-{bad}",
                    Legs = [.. Call(bad).Legs.Select(l => l with { Media = [l.Media[0] with { LocalAddress = "127.0.0.2" }] })],
                })));
                writes.Add(db.StringSetAsync($"m:call:outside-{i}", CallRecordCodec.Encode(Call(0) with
                {
                    CallId = $"outside-{i}",
                    Legs = [.. Call(0).Legs.Select((l, n) => l with { Media = [l.Media[0] with { RtpPort = outsidePort + (n * 2), RtcpPort = outsidePort + (n * 2) + 1 }] })],
                })));
            }
        }

        await Task.WhenAll(writes);

        await StartMirrorAsync();

        Assert.Equal(Valid, _engine.Registry.CallCount);
        Assert.Equal(Valid * 2, _engine.Ports.InUse);
        for (var i = 0; i < Valid; i++)
        {
            Assert.Equal([_portMin + (i * 4), _portMin + (i * 4) + 2], _engine.Registry.GetSnapshot($"call-{i}")!.Legs.Select(l => l.Medias[0].RtpPort));
        }

        Assert.Equal(5, _metrics.Rejected(CallRecordRejection.Corrupt));
        Assert.Equal(10, _metrics.Rejected(CallRecordRejection.Invalid));
        for (var bad = Valid; bad < Valid + 5; bad++)
        {
            Assert.True(FreePorts.UdpBindable(_portMin + (bad * 4)), $"the ports of other-address-{bad} stay unbound");
        }

        Assert.True(FreePorts.UdpBindable(PortMax + 1 + ((PortMax + 1) % 2)), "a port outside the range is never bound");
        Assert.Equal(15, _log.Messages(LogLevel.Error).Count(m => m.StartsWith("Skipping call", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_value_that_turns_bad_releases_the_ports_of_its_earlier_valid_version()
    {
        await StartMirrorAsync();
        _writer.Put(Call(3));
        await Eventually.True(() => _engine.Registry.CallCount == 1, "call mirrored");

        await _connections.Data.GetDatabase().StringSetAsync("m:call:call-3", Encoding.UTF8.GetBytes("{\"v\":99}"));

        await Eventually.True(() => _engine.Registry.CallCount == 0, "the call is dropped");
        Assert.True(FreePorts.UdpBindable(_portMin + 12));
    }

    [Fact]
    public async Task Resyncs_after_redis_restarts_so_changes_made_while_disconnected_are_not_missed()
    {
        await StartMirrorAsync();
        for (var i = 0; i < 10; i++)
        {
            _writer.Put(Call(i));
        }

        await Eventually.True(() => _engine.Registry.CallCount == 10, "ten calls mirrored");
        var generation = _writer.Generation;

        await _redis.StopAsync();

        // 7-9 end and 10-11 begin while Redis is away; the active rewrites 0-6 and 10-11 after the reconnect.
        for (var i = 7; i < 10; i++)
        {
            _writer.Remove($"call-{i}");
        }

        _writer.Put(Call(10));
        _writer.Put(Call(11));
        await _redis.StartAgainAsync();

        await _time.UntilAsync(
            () => _writer.Generation != generation && _writer.IsFlushed && _mirror.ReconciledGeneration == _writer.Generation && _mirror.IsIdle,
            () => $"the standby reconciles the active's new generation ({_writer.Generation}, standby at {_mirror.ReconciledGeneration})");
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6, 10, 11 }.Select(i => $"call-{i}").Order(), _engine.Registry.ListCallIds(100).Order());
        Assert.True(FreePorts.UdpBindable(_portMin + 28), "ports of a call that ended during the outage are free");
    }

    [Fact]
    public async Task Keeps_calls_missing_from_a_restarted_redis_until_an_active_has_rewritten_it()
    {
        await StartMirrorAsync();
        _writer.Put(Call(0));
        _writer.Put(Call(1));
        await Eventually.True(() => _engine.Registry.CallCount == 2, "two calls mirrored");
        var resyncs = _metrics.MirrorResyncs;

        // No active any more: nobody rewrites Redis after it comes back empty.
        _writer.Enabled = false;
        await _redis.StopAsync();
        await _redis.StartAgainAsync();

        await _time.UntilAsync(() => _metrics.MirrorResyncs > resyncs && _mirror.IsIdle, () => "a rescan of the empty Redis");
        Assert.Null(_mirror.ReconciledGeneration);
        Assert.Equal(2, _engine.Registry.CallCount);

        // An active comes back and makes Redis whole: call-1 ended meanwhile.
        _writer.Remove("call-1");
        _writer.Enabled = true;
        _writer.RewriteAll();
        await _time.UntilAsync(
            () => _writer.Generation is { } g && _writer.IsFlushed && _mirror.ReconciledGeneration == g && _mirror.IsIdle,
            () => "the standby reconciles the active's generation");
        Assert.Equal(["call-0"], _engine.Registry.ListCallIds(10));
    }
}
