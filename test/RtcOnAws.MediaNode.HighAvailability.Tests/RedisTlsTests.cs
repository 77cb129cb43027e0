using System.Net;
using Microsoft.Extensions.Logging;
using RtcOnAws.MediaNode.HighAvailability.Mirror;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.Roles;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>
/// <c>--redis-tls</c> against a real redis-server that serves TLS only (as ElastiCache with encryption in transit), with
/// a throwaway CA: the call data and the lease connections work with the right CA and refuse a server they cannot trust.
/// </summary>
public sealed class RedisTlsTests : IAsyncLifetime
{
    private const int RangeSize = 40;
    private static readonly TimeSpan LeaseCommandTimeout = TimeSpan.FromSeconds(1);
    private readonly TestLogger _log = new();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private TestCertificateAuthority _serverCa = null!;
    private TestCertificateAuthority _otherCa = null!;
    private RedisServer _redis = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _serverCa = TestCertificateAuthority.Create("RtcOnAws test Redis CA");
        _otherCa = TestCertificateAuthority.Create("Some other CA");
        _redis = await RedisServer.StartAsync(_serverCa);
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync([.. Enumerable.Reverse(_cleanup), _redis, _serverCa, _otherCa]);

    [Fact]
    public async Task With_the_servers_ca_calls_are_written_and_mirrored_and_the_lease_works_over_tls()
    {
        var endpoint = _redis.Endpoint with { Tls = RedisTls.FromCaFile(_serverCa.CaFile) };
        var active = await ConnectAsync(endpoint);
        var standby = await ConnectAsync(endpoint);
        await Eventually.True(() => active.Data.IsConnected && standby.Data.IsConnected, "both TLS connections are up");

        var (portMin, _) = FreePorts.MediaRange(RangeSize);
        var engine = StandbyEngine.Create(IPAddress.Loopback, portMin, portMin + RangeSize - 1);
        _cleanup.Add(engine);
        var metrics = new HighAvailabilityMetrics();
        var keys = new CallKeys("tls:");
        var mirror = new StandbyMirror(new RedisCallStore(standby.Data, keys, 0), standby.Data.GetSubscriber(), new EngineCallReplica(engine.Registry),
            new CallRecordRules(IPAddress.Loopback, portMin, portMin + RangeSize - 1), metrics, _log) { Enabled = true };
        _cleanup.Add(mirror);
        await mirror.StartAsync();
        await Eventually.True(() => metrics.MirrorResyncs >= 1, "the standby's start-up scan over TLS");

        var writer = new CallStateWriter(new RedisCallStore(active.Data, keys, 0), TimeSpan.FromSeconds(60), _ => true, new HighAvailabilityMetrics(), _log) { Enabled = true };
        _cleanup.Add(writer);
        writer.Put(CallRecordCodecTests.Sample(callId: "over-tls", callerPort: portMin, calleePort: portMin + 2, address: "127.0.0.1"));

        // The value went through the active's TLS connection; its keyspace notification reached the standby through its own.
        await Eventually.True(() => engine.Registry.CallCount == 1, "the call written over TLS is mirrored over TLS");
        Assert.False(FreePorts.UdpBindable(portMin), "the mirrored call's RTP port is bound");

        using var activeLease = active.CreateLeaseConnection(LeaseCommandTimeout);
        using var standbyLease = standby.CreateLeaseConnection(LeaseCommandTimeout);
        var held = new LeaderLease(activeLease, keys.LeaseKey, "node-a", TimeSpan.FromSeconds(60));
        var wanted = new LeaderLease(standbyLease, keys.LeaseKey, "node-b", TimeSpan.FromSeconds(60));
        Assert.Equal(LeaseOutcome.Held, held.TryAcquire());
        Assert.Equal(LeaseOutcome.HeldByOther, wanted.TryAcquire());
        Assert.Equal(LeaseOutcome.Held, held.Renew());
        Assert.Equal("node-a", wanted.ReadOwner());
        Assert.Empty(_log.Messages(LogLevel.Error));
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_is_refused_with_an_error_and_nothing_is_written()
    {
        var endpoint = _redis.Endpoint with { Tls = RedisTls.FromCaFile(_otherCa.CaFile) };
        var connections = await ConnectAsync(endpoint);

        await Eventually.True(
            () => _log.Messages(LogLevel.Error).Any(m => m.Contains("TLS handshake failed", StringComparison.Ordinal) && m.Contains("--redis-tls-ca-file", StringComparison.Ordinal)),
            "an error log saying the certificate does not chain to the configured CA");
        Assert.False(connections.Data.IsConnected);
        var store = new RedisCallStore(connections.Data, new CallKeys("tls:"), 0);
        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(CallRecordCodecTests.Sample(callId: "must-not-land"), TimeSpan.FromSeconds(60)));

        using var connection = connections.CreateLeaseConnection(LeaseCommandTimeout);
        var refused = Assert.Throws<RedisUnavailableException>(() => connection.Execute("PING"));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
        Assert.Equal(LeaseOutcome.Unreachable, new LeaderLease(connection, "tls:lease", "node-a", TimeSpan.FromSeconds(60)).TryAcquire());

        await AssertServerHoldsNoKeysAsync();
    }

    [Fact]
    public async Task Without_a_ca_file_a_certificate_outside_the_system_trust_store_is_refused()
    {
        var tls = RedisTls.UsingSystemTrust();
        var connections = await ConnectAsync(_redis.Endpoint with { Tls = tls });

        using var lease = connections.CreateLeaseConnection(LeaseCommandTimeout);
        Assert.Throws<RedisUnavailableException>(() => lease.Execute("PING"));
        Assert.Contains("system trust store", tls.LastRejection, StringComparison.Ordinal);
        Assert.False(connections.Data.IsConnected);
        await AssertServerHoldsNoKeysAsync();
    }

    [Fact]
    public void A_ca_file_that_is_missing_or_holds_no_certificate_is_a_startup_error_naming_the_flag()
    {
        var missing = Assert.Throws<FormatException>(() => RedisTls.FromCaFile(Path.Combine(_serverCa.Directory, "absent.pem")));
        Assert.StartsWith("--redis-tls-ca-file", missing.Message, StringComparison.Ordinal);

        // A private key is PEM, but not a certificate.
        var notACertificate = Assert.Throws<FormatException>(() => RedisTls.FromCaFile(_serverCa.ServerKeyFile));
        Assert.StartsWith("--redis-tls-ca-file", notACertificate.Message, StringComparison.Ordinal);
        Assert.Contains("no PEM certificate", notACertificate.Message, StringComparison.Ordinal);
    }

    private async Task<RedisConnections> ConnectAsync(RedisEndpoint endpoint)
    {
        var connections = await RedisConnections.ConnectAsync(endpoint, _log);
        _cleanup.Add(connections);
        return connections;
    }

    private async Task AssertServerHoldsNoKeysAsync()
    {
        var trusting = await RedisConnections.ConnectAsync(_redis.Endpoint with { Tls = RedisTls.FromCaFile(_serverCa.CaFile) }, new TestLogger());
        _cleanup.Add(trusting);
        await Eventually.True(() => trusting.Data.IsConnected, "a client trusting the right CA connects");
        Assert.Equal(0, await trusting.DataServer().DatabaseSizeAsync(0));
    }
}
