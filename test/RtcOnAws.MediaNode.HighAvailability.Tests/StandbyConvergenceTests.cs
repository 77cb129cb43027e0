using System.Net;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.HighAvailability.Mirror;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>
/// An active writer and a standby mirror on their own connections to one real redis-server, as two nodes have them.
/// Redis is killed and started empty again and again; calls begin, end and change while it is away, and one call
/// begins at the very moment the standby's subscription connection is re-established (before the client has
/// re-subscribed). After each restart the standby must hold exactly the active's calls.
/// </summary>
public sealed class StandbyConvergenceTests : IAsyncLifetime
{
    private const int Restarts = 20;
    private const int Slots = 100;
    private const int RangeSize = Slots * 4;
    private static readonly TimeSpan ConvergenceLimit = TimeSpan.FromSeconds(30);
    private readonly TestLogger _log = new();
    private readonly FakeTimeProvider _time = new();
    private readonly SortedSet<int> _live = [];
    private RedisServer _redis = null!;
    private RedisConnections _active = null!;
    private RedisConnections _standby = null!;
    private StandbyEngine _engine = null!;
    private CallStateWriter _writer = null!;
    private StandbyMirror _mirror = null!;
    private int _portMin;
    private int _nextSlot;
    private int _callsBegunAtResubscription;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _active = await RedisConnections.ConnectAsync(_redis.Endpoint, _log);
        _standby = await RedisConnections.ConnectAsync(_redis.Endpoint, _log);
        var keys = new CallKeys("conv:");
        (_portMin, _) = FreePorts.MediaRange(RangeSize);
        _engine = StandbyEngine.Create(IPAddress.Loopback, _portMin, _portMin + RangeSize - 1);
        _writer = new CallStateWriter(new RedisCallStore(_active.Data, keys, 0), TimeSpan.FromSeconds(60), _ => false, new HighAvailabilityMetrics(), _log, _time) { Enabled = true };
        _mirror = new StandbyMirror(
            new RedisCallStore(_standby.Data, keys, 0), _standby.Data.GetSubscriber(), new EngineCallReplica(_engine.Registry),
            new CallRecordRules(IPAddress.Loopback, _portMin, _portMin + RangeSize - 1), new HighAvailabilityMetrics(), _log, _time);

        // What HighAvailabilityService does on a reconnect: the active rewrites, the standby rescans.
        _active.DataConnectionRestored += (_, _) => _writer.RewriteAll();
        _standby.DataConnectionRestored += (_, _) => _mirror.RequestResync();
        _standby.Data.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                lock (_live)
                {
                    Begin();

                    // The expected set changes here: convergence now means a generation written after this call.
                    _writer.PublishGeneration();
                    _callsBegunAtResubscription++;
                }
            }
        };
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_writer, _mirror, _engine, _standby, _active, _redis);

    [Fact]
    public async Task After_every_redis_restart_the_standby_holds_exactly_the_calls_of_the_active()
    {
        _mirror.Enabled = true;
        await _mirror.StartAsync();
        lock (_live)
        {
            for (var i = 0; i < 10; i++)
            {
                Begin();
            }

            _writer.PublishGeneration();
        }
        var (initiallyExpected, initiallyHeld) = await ConvergedAsync(previousGeneration: null, "before the first restart");
        Assert.Equal(initiallyExpected, initiallyHeld);

        for (var restart = 1; restart <= Restarts; restart++)
        {
            var generation = _writer.Generation;
            await _redis.StopAsync();

            // While Redis is away: two calls end, two begin, one learns a new endpoint.
            int[] ended;
            int changed;
            lock (_live)
            {
                ended = [.. _live.Take(2)];
                foreach (var slot in ended)
                {
                    End(slot);
                }

                Begin();
                Begin();
                changed = _live.First();
                _writer.Put(Call(changed, learnedPort: 41_000 + restart));
            }

            await _redis.StartAgainAsync();
            var (expected, held) = await ConvergedAsync(generation, $"restart {restart}");

            Assert.Equal(expected, held);
            Assert.Equal($"10.77.1.1:{41_000 + restart}", _engine.Registry.GetSnapshot(CallId(changed))!.Legs[0].Medias[0].LearnedRtp);
            foreach (var slot in ended.Where(s => !_live.Contains(s)))
            {
                Assert.True(FreePorts.UdpBindable(PortOf(slot)), $"restart {restart}: the ports of {CallId(slot)}, which ended during the outage, are free");
            }
        }

        lock (_live)
        {
            Assert.True(_callsBegunAtResubscription >= Restarts / 2, $"the race the test is about happened ({_callsBegunAtResubscription} times)");
        }
    }

    private static string CallId(int slot) => $"call-{slot:D3}";

    private int PortOf(int slot) => _portMin + (slot * 4);

    private CallRecord Call(int slot, int learnedPort = 40_000)
    {
        var sample = CallRecordCodecTests.Sample(callId: CallId(slot), callerPort: PortOf(slot), calleePort: PortOf(slot) + 2, address: "127.0.0.1");
        return sample with
        {
            Legs = [sample.Legs[0] with { Media = [sample.Legs[0].Media[0] with { LearnedRtp = $"10.77.1.1:{learnedPort}" }] }, sample.Legs[1]],
        };
    }

    // Callers hold the lock on _live (the subscription hook runs on another thread).
    private void Begin()
    {
        while (_live.Contains(_nextSlot))
        {
            _nextSlot = (_nextSlot + 1) % Slots;
        }

        _live.Add(_nextSlot);
        _writer.Put(Call(_nextSlot));
    }

    private void End(int slot)
    {
        _live.Remove(slot);
        _writer.Remove(CallId(slot));
    }

    /// <summary>
    /// Waits until the active has set a generation after <paramref name="previousGeneration"/> with nothing left to
    /// write, and the standby has reconciled exactly that generation with nothing left to apply. Fake time moves on
    /// while it waits so the retry timers of both sides fire; real time only bounds the wait.
    /// </summary>
    /// <returns>The active's calls and the standby's, both read at that instant.</returns>
    private async Task<(string[] Expected, string[] Held)> ConvergedAsync(string? previousGeneration, string what)
    {
        (string[], string[])? converged = null;
        await _time.UntilAsync(
            () =>
            {
                lock (_live)
                {
                    if (_writer.Generation is { } generation && generation != previousGeneration && _writer.IsFlushed
                        && _mirror.ReconciledGeneration == generation && _mirror.IsIdle)
                    {
                        converged = ([.. _live.Select(CallId)], [.. _engine.Registry.ListCallIds(Slots * 2).Order(StringComparer.Ordinal)]);
                    }

                    return converged is not null;
                }
            },
            () => $"{what}: convergence (active generation {_writer.Generation}, flushed {_writer.IsFlushed}; "
                + $"standby reconciled {_mirror.ReconciledGeneration}, idle {_mirror.IsIdle}, holds {_engine.Registry.CallCount} of {_live.Count})",
            ConvergenceLimit);
        return converged!.Value;
    }
}
