using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>The deadline the coordinator hands the relay's gate is a timestamp of the one injected clock.</summary>
public sealed class RoleCoordinatorClockTests : IAsyncLifetime
{
    private static readonly RoleOptions Options = new(
        LeaseTtl: TimeSpan.FromSeconds(60),
        RenewInterval: TimeSpan.FromSeconds(10),
        FenceMargin: TimeSpan.FromSeconds(5),
        HeartbeatTimeout: TimeSpan.FromSeconds(3),
        Tick: TimeSpan.FromMilliseconds(2));

    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task The_forwarding_deadline_is_the_last_renewal_on_the_injected_clock_plus_ttl_minus_margin()
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        using var connection = new BlockingRedisConnection(_redis.Endpoint, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), "test-roles", tlsValidation: null);
        var lease = new LeaderLease(connection, "test:roles", "node-a", Options.LeaseTtl, time);
        var gate = new RecordingGate();
        var coordinator = new RoleCoordinator(Options, lease, static () => PeerStatus.Unknown, gate, new SilentListener(),
            new HighAvailabilityMetrics(time), NullLogger.Instance, time);
        await using (coordinator)
        {
            coordinator.Start();

            // A silent peer: the standby takes the free lease, sent at the fake clock's start instant.
            await Eventually.True(() => coordinator.Role == NodeRole.Active, "the node takes the lease");
            Assert.Equal(TimeSpan.FromSeconds(55), time.GetElapsedTime(start, gate.Deadline));

            // At the deadline on the fake clock a renewal is due; its send instant moves the deadline along.
            time.Advance(TimeSpan.FromSeconds(55));
            await Eventually.True(() => time.GetElapsedTime(start, gate.Deadline) == TimeSpan.FromSeconds(110), "the renewal moves the deadline");
            Assert.Equal(TimeSpan.FromSeconds(55), time.GetElapsedTime(start, lease.LastHeldSentAt));
        }
    }

    private sealed class RecordingGate : IForwardingGate
    {
        private long _deadline = long.MinValue;

        public long Deadline => Volatile.Read(ref _deadline);

        public void AllowUntil(long deadline) => Volatile.Write(ref _deadline, deadline);

        public void Block() => Volatile.Write(ref _deadline, long.MinValue);
    }

    private sealed class SilentListener : IRoleListener
    {
        public void OnRoleChanging(NodeRole from, NodeRole to)
        {
        }

        public Task OnRoleChangedAsync(NodeRole from, NodeRole to, string reason) => Task.CompletedTask;
    }
}
