using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class LeaderLeaseTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port},abortConnect=false");
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _redis.DisposeAsync();
    }

    private LeaderLease Lease(string owner, int ttlMs = 300) =>
        new(_connection.GetDatabase(), "test:lease", owner, TimeSpan.FromMilliseconds(ttlMs), TimeSpan.FromSeconds(2));

    [Fact]
    public async Task Only_one_node_holds_the_lease_and_only_the_holder_renews_it()
    {
        var a = Lease("node-a");
        var b = Lease("node-b");

        Assert.Equal(LeaseOutcome.Held, await a.TryAcquireAsync());
        Assert.Equal(LeaseOutcome.HeldByOther, await b.TryAcquireAsync());
        Assert.Equal(LeaseOutcome.HeldByOther, await b.RenewAsync());
        Assert.Equal(LeaseOutcome.Held, await a.RenewAsync());
        Assert.Equal(LeaseOutcome.Held, await a.TryAcquireAsync());
        Assert.Equal("node-a", await a.ReadOwnerAsync());
        Assert.NotEqual(long.MinValue, a.LastHeldSentAt);
        Assert.Equal(long.MinValue, b.LastHeldSentAt);
    }

    [Fact]
    public async Task A_lapsed_lease_can_be_taken_and_its_old_holder_cannot_renew_it()
    {
        var a = Lease("node-a", ttlMs: 100);
        var b = Lease("node-b", ttlMs: 100);
        Assert.Equal(LeaseOutcome.Held, await a.TryAcquireAsync());

        await Eventually.True(async () => await b.TryAcquireAsync() == LeaseOutcome.Held, "node-b takes the lapsed lease");

        Assert.Equal(LeaseOutcome.HeldByOther, await a.RenewAsync());
        Assert.Equal("node-b", await b.ReadOwnerAsync());
    }

    [Fact]
    public async Task Renewing_a_lease_that_vanished_reports_it_free_and_release_only_drops_our_own()
    {
        var a = Lease("node-a");
        var b = Lease("node-b");
        Assert.Equal(LeaseOutcome.Held, await a.TryAcquireAsync());

        await b.ReleaseAsync();
        Assert.Equal("node-a", await a.ReadOwnerAsync());

        await a.ReleaseAsync();
        Assert.Null(await a.ReadOwnerAsync());
        Assert.Equal(LeaseOutcome.Free, await a.RenewAsync());
    }

    [Fact]
    public async Task Reports_unreachable_when_redis_is_down_instead_of_hanging()
    {
        var a = Lease("node-a");
        Assert.Equal(LeaseOutcome.Held, await a.TryAcquireAsync());
        var heldAt = a.LastHeldSentAt;

        await _redis.StopAsync();

        Assert.Equal(LeaseOutcome.Unreachable, await a.RenewAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(heldAt, a.LastHeldSentAt);
    }
}
