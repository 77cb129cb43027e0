using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class LeaderLeaseTests : IAsyncLifetime
{
    private readonly List<BlockingRedisConnection> _connections = [];
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        _connections.ForEach(c => c.Dispose());
        await _redis.DisposeAsync();
    }

    private LeaderLease Lease(string owner, int ttlMs = 5000, TimeProvider? time = null)
    {
        var connection = new BlockingRedisConnection(_redis.Endpoint, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), "test-" + owner, tlsValidation: null);
        _connections.Add(connection);
        return new LeaderLease(connection, "test:lease", owner, TimeSpan.FromMilliseconds(ttlMs), time);
    }

    [Fact]
    public void The_held_lease_is_dated_by_the_injected_clock_at_each_take_and_renewal()
    {
        var time = new FakeTimeProvider();
        var a = Lease("node-a", time: time);
        var b = Lease("node-b", time: time);
        var takenAt = time.GetTimestamp();

        Assert.Equal(LeaseOutcome.Held, a.TryAcquire());
        Assert.Equal(takenAt, a.LastHeldSentAt);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(LeaseOutcome.Held, a.Renew());
        Assert.Equal(TimeSpan.FromSeconds(2), time.GetElapsedTime(takenAt, a.LastHeldSentAt));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LeaseOutcome.HeldByOther, b.TryAcquire());
        Assert.Equal(long.MinValue, b.LastHeldSentAt);
        Assert.Equal(TimeSpan.FromSeconds(2), time.GetElapsedTime(takenAt, a.LastHeldSentAt));
    }

    [Fact]
    public async Task Only_one_node_holds_the_lease_and_only_the_holder_renews_it()
    {
        var a = Lease("node-a");
        var b = Lease("node-b");

        Assert.Equal(LeaseOutcome.Held, a.TryAcquire());
        Assert.Equal(LeaseOutcome.HeldByOther, b.TryAcquire());
        Assert.Equal(LeaseOutcome.HeldByOther, b.Renew());
        Assert.Equal(LeaseOutcome.Held, a.Renew());
        Assert.Equal(LeaseOutcome.Held, a.TryAcquire());
        Assert.Equal("node-a", a.ReadOwner());
        Assert.NotEqual(long.MinValue, a.LastHeldSentAt);
        Assert.Equal(long.MinValue, b.LastHeldSentAt);
    }

    [Fact]
    public async Task A_lapsed_lease_can_be_taken_and_its_old_holder_cannot_renew_it()
    {
        var a = Lease("node-a", ttlMs: 100);
        // b's own lease is long, so it cannot lapse before a's renewal below however slow the machine is.
        var b = Lease("node-b");
        Assert.Equal(LeaseOutcome.Held, a.TryAcquire());

        await Eventually.True(() => b.TryAcquire() == LeaseOutcome.Held, "node-b takes the lapsed lease");

        Assert.Equal(LeaseOutcome.HeldByOther, a.Renew());
        Assert.Equal("node-b", b.ReadOwner());
    }

    [Fact]
    public async Task Renewing_a_lease_that_vanished_reports_it_free_and_release_only_drops_our_own()
    {
        var a = Lease("node-a");
        var b = Lease("node-b");
        Assert.Equal(LeaseOutcome.Held, a.TryAcquire());

        b.Release();
        Assert.Equal("node-a", a.ReadOwner());

        a.Release();
        Assert.Null(a.ReadOwner());
        Assert.Equal(LeaseOutcome.Free, a.Renew());
    }

    [Fact]
    public async Task Reports_unreachable_when_redis_is_down_instead_of_hanging()
    {
        var a = Lease("node-a");
        Assert.Equal(LeaseOutcome.Held, a.TryAcquire());
        var heldAt = a.LastHeldSentAt;

        await _redis.StopAsync();

        Assert.Equal(LeaseOutcome.Unreachable, a.Renew());
        Assert.Equal(heldAt, a.LastHeldSentAt);
    }
}
