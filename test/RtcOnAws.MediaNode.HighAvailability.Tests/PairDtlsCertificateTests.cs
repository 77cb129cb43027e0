using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RtcOnAws.MediaNode.HighAvailability.Dtls;
using RtcOnAws.MediaNode.HighAvailability.Redis;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

/// <summary>
/// The pair's DTLS certificate in a real redis-server: two nodes end with one, a corrupt or expiring stored value is
/// replaced (counted, logged without the key), and a node started while Redis is down waits for it.
/// </summary>
public sealed class PairDtlsCertificateTests : IAsyncLifetime
{
    private const string Prefix = "pair-dtls:";
    private static readonly CallKeys Keys = new(Prefix);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero));
    private readonly TestLogger _log = new();
    private readonly HighAvailabilityMetrics _metrics = new();
    private RedisServer _redis = null!;
    private RedisConnections _nodeA = null!;
    private RedisConnections _nodeB = null!;

    public Task InitializeAsync() => TestLifetime.StartOrCleanUpAsync(StartAsync, DisposeAsync);

    private async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        _nodeA = await RedisConnections.ConnectAsync(_redis.Endpoint, _log);
        _nodeB = await RedisConnections.ConnectAsync(_redis.Endpoint, _log);
    }

    public Task DisposeAsync() => TestLifetime.DisposeAllAsync(_nodeA, _nodeB, _redis);

    [Fact]
    public async Task Two_nodes_starting_together_end_with_one_certificate_the_one_stored()
    {
        var loads = await Task.WhenAll(Certificate(_nodeA).LoadAsync(CancellationToken.None), Certificate(_nodeB).LoadAsync(CancellationToken.None));

        Assert.Equal(loads[0].Fingerprint, loads[1].Fingerprint);
        Assert.Equal(loads[0].Fingerprint, DtlsCertificate.ImportPem(await StoredAsync()).Fingerprint);
        Assert.Equal(0, _metrics.DtlsCertificateReplacements(PairCertificateReplacement.Corrupt) + _metrics.DtlsCertificateReplacements(PairCertificateReplacement.Expiring));
    }

    [Fact]
    public async Task A_node_restarted_later_takes_the_stored_certificate_with_its_key()
    {
        var first = await Certificate(_nodeA).LoadAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(100));

        var later = await Certificate(_nodeB).LoadAsync(CancellationToken.None);

        Assert.Equal(first.Fingerprint, later.Fingerprint);
        Assert.Equal(first.Export().PrivateKey, later.Export().PrivateKey);
        Assert.Equal(_time.GetUtcNow().AddDays(-100).Add(PairDtlsCertificate.Validity), later.NotAfter);
    }

    [Fact]
    public async Task A_stored_key_without_its_certificate_is_replaced_counted_and_logged_without_the_key()
    {
        var privateKey = Convert.ToBase64String(DtlsCertificate.Generate(_time).Export().PrivateKey);
        await Database().StringSetAsync(Keys.DtlsCertificateKey, $"-----BEGIN PRIVATE KEY-----\n{privateKey}\n-----END PRIVATE KEY-----\n");

        var replacement = await Certificate(_nodeA).LoadAsync(CancellationToken.None);
        var peer = await Certificate(_nodeB).LoadAsync(CancellationToken.None);

        Assert.Equal(replacement.Fingerprint, DtlsCertificate.ImportPem(await StoredAsync()).Fingerprint);
        Assert.Equal(replacement.Fingerprint, peer.Fingerprint);
        Assert.Equal(1, _metrics.DtlsCertificateReplacements(PairCertificateReplacement.Corrupt));
        var error = Assert.Single(_log.Messages(LogLevel.Error));
        Assert.Contains("is not a PEM certificate with its PKCS#8 key", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Messages(LogLevel.Trace), m => m.Contains(privateKey[..24], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_stored_with_another_certificates_key_is_corrupt()
    {
        var certificate = DtlsCertificate.Generate(_time).Export().Certificate;
        var otherKey = DtlsCertificate.Generate(_time).Export().PrivateKey;
        await Database().StringSetAsync(
            Keys.DtlsCertificateKey,
            new string(PemEncoding.Write("CERTIFICATE", certificate)) + "\n" + new string(PemEncoding.Write("PRIVATE KEY", otherKey)) + "\n");

        var loaded = await Certificate(_nodeA).LoadAsync(CancellationToken.None);

        Assert.NotEqual(DtlsFingerprint.Sha256(certificate), loaded.Fingerprint);
        Assert.Equal(1, _metrics.DtlsCertificateReplacements(PairCertificateReplacement.Corrupt));
    }

    [Fact]
    public async Task A_certificate_is_kept_until_it_nears_expiry_then_the_next_start_renews_it_once()
    {
        var first = await Certificate(_nodeA).LoadAsync(CancellationToken.None);

        _time.Advance(PairDtlsCertificate.Validity - PairDtlsCertificate.RenewBefore - TimeSpan.FromDays(1));
        Assert.Equal(first.Fingerprint, (await Certificate(_nodeB).LoadAsync(CancellationToken.None)).Fingerprint);

        _time.Advance(TimeSpan.FromDays(2));
        var renewed = await Task.WhenAll(Certificate(_nodeA).LoadAsync(CancellationToken.None), Certificate(_nodeB).LoadAsync(CancellationToken.None));

        Assert.NotEqual(first.Fingerprint, renewed[0].Fingerprint);
        Assert.Equal(renewed[0].Fingerprint, renewed[1].Fingerprint);
        Assert.Equal(1, _metrics.DtlsCertificateReplacements(PairCertificateReplacement.Expiring));
        Assert.Equal(_time.GetUtcNow().Add(PairDtlsCertificate.Validity), renewed[0].NotAfter);
    }

    [Fact]
    public async Task A_node_started_while_Redis_is_down_waits_for_it_and_then_takes_the_pair_certificate()
    {
        await _redis.StopAsync();
        var loading = Certificate(_nodeA).LoadAsync(CancellationToken.None);
        await Eventually.True(
            () => _log.Messages(LogLevel.Warning).Any(m => m.Contains("waiting for Redis before serving calls", StringComparison.Ordinal)),
            "the node reports that it waits for Redis");
        _time.Advance(PairDtlsCertificate.RetryInterval * 3);
        Assert.False(loading.IsCompleted, "no certificate without Redis");

        await _redis.StartAgainAsync();
        await Eventually.True(
            () =>
            {
                _time.Advance(PairDtlsCertificate.RetryInterval);
                return loading.IsCompleted;
            },
            "the certificate is loaded once Redis is back");

        Assert.Equal((await loading).Fingerprint, DtlsCertificate.ImportPem(await StoredAsync()).Fingerprint);
    }

    [Fact]
    public async Task Waiting_for_Redis_ends_when_the_start_is_cancelled()
    {
        await _redis.StopAsync();
        using var stop = new CancellationTokenSource();
        var loading = Certificate(_nodeA).LoadAsync(stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loading);
    }

    private PairDtlsCertificate Certificate(RedisConnections node) => new(node.Data, Keys, 0, _metrics, _log, _time);

    private StackExchange.Redis.IDatabase Database() => _nodeA.Data.GetDatabase(0);

    private async Task<string> StoredAsync() => (await Database().StringGetAsync(Keys.DtlsCertificateKey))!;
}
