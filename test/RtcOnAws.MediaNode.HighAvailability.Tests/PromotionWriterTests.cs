using System.Net;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>
/// A real <see cref="HighAvailabilityService"/> on a real redis-server takes over from an old active whose calls it
/// mirrored, while its address acquisition is held open by the test (EC2 confirms a move only after seconds). Calls
/// set up and ended in that window must reach Redis once the node writes: Redis ends up holding exactly its calls.
/// </summary>
public sealed class PromotionWriterTests : IAsyncLifetime
{
    private const int RangeSize = 40;
    private const string Prefix = "promotion:";
    private readonly TestLogger _log = new();
    private readonly HeldAddressTakeover _takeover = new();
    private RedisServer _redis = null!;
    private RedisConnections _oldActive = null!;
    private RedisCallStore _store = null!;
    private StandbyEngine _engine = null!;
    private HighAvailabilityService? _service;
    private int _portMin;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _oldActive = await RedisConnections.ConnectAsync(_redis.Endpoint, _log);
        _store = new RedisCallStore(_oldActive.Data, new CallKeys(Prefix), 0);
        (_portMin, _) = FreePorts.MediaRange(RangeSize);
        _engine = StandbyEngine.Create(IPAddress.Loopback, _portMin, _portMin + RangeSize - 1);
    }

    public async Task DisposeAsync()
    {
        _takeover.Complete();
        await TestLifetime.DisposeAllAsync(_service, _engine, _oldActive, _redis);
    }

    [Fact]
    public async Task Calls_set_up_and_ended_while_the_address_is_still_being_acquired_are_written_once_it_is()
    {
        // The old active's calls, as it left them in Redis; it is gone (its lease lapsed), so the node takes over.
        await _store.WriteAsync(CallRecordCodecTests.Sample(callId: "kept", callerPort: _portMin, calleePort: _portMin + 2, address: "127.0.0.1"), TimeSpan.FromMinutes(1));
        await _store.WriteAsync(CallRecordCodecTests.Sample(callId: "ended-during-takeover", callerPort: _portMin + 4, calleePort: _portMin + 6, address: "127.0.0.1"), TimeSpan.FromMinutes(1));

        _service = await HighAvailabilityService.StartAsync(Settings(), _engine.Registry, _engine.Relay, null, _log);
        await Eventually.True(() => _service.Role == NodeRole.Active && _takeover.AcquisitionStarted, "the node is active and taking the address over");
        Assert.Equal(["ended-during-takeover", "kept"], _engine.Registry.ListCallIds(10).Order());

        // The address has moved (packets and offers arrive) but EC2 has not confirmed it yet: the writer is still off.
        _engine.Registry.Offer(new OfferAnswerRequest("set-up-during-takeover", "caller-tag", null, null, OfferSdp(5000)));
        Assert.True(_engine.Registry.TryDelete("ended-during-takeover", CallEndReason.Deleted));
        Assert.False(_service.Writer.Enabled, "the acquisition is still pending");

        _takeover.Complete();
        await Eventually.True(
            async () => _service.Writer.IsFlushed && (await _store.ListCallIdsAsync(CancellationToken.None)).SetEquals(_engine.Registry.ListCallIds(10)),
            "Redis holds exactly the calls of the new active");

        Assert.Equal(["kept", "set-up-during-takeover"], (await _store.ListCallIdsAsync(CancellationToken.None)).Order());
        var written = CallRecordCodec.Decode(
            (await _store.ReadAsync("set-up-during-takeover"))!, new CallRecordRules(IPAddress.Loopback, _portMin, _portMin + RangeSize - 1));
        Assert.Equal("set-up-during-takeover", written.Record!.CallId);
        Assert.Equal("node-b", written.Record.NodeId);
        Assert.Equal("caller-tag", written.Record.OffererTag);
    }

    private HighAvailabilitySettings Settings() =>
        LoopbackNodeSettings.Create("node-b", _redis, Prefix, _portMin, _portMin + RangeSize - 1, _takeover);

    private static string OfferSdp(int port) =>
        $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\n";
}
