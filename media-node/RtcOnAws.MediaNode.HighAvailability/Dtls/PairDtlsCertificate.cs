using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Crypto.Parameters;
using RtcOnAws.MediaNode.HighAvailability.State;
using RtcOnAws.MediaNode.WebRtc.Dtls;
using StackExchange.Redis;

namespace RtcOnAws.MediaNode.HighAvailability.Dtls;

/// <summary>
/// The HA pair's one DTLS certificate, kept in Redis at <see cref="CallKeys.DtlsCertificateKey"/> (PEM certificate and
/// PKCS#8 key, no expiry): the first node to start generates it and stores it with SET NX, every later start reads it,
/// so a standby that takes over advertises the fingerprint the browsers already verified. A stored value that cannot be
/// used (corrupt, or expiring within <see cref="RenewBefore"/>) is replaced with a compare-and-set, so two nodes
/// starting together still end with one certificate. Only fingerprints are logged, never the key.
/// </summary>
public sealed class PairDtlsCertificate
{
    /// <summary>Validity of a generated pair certificate (browsers do not check it; OpenSSL-based peers do).</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    /// <summary>A node that starts when the stored certificate has less than this left replaces it.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    /// <summary>Wait between attempts while Redis cannot be reached.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    // A compare-and-set every Redis and ElastiCache version runs (SET ... IFEQ needs Redis 8.4).
    private const string ReplaceIfUnchanged = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0";

    private readonly IDatabase _database;
    private readonly RedisKey _key;
    private readonly HighAvailabilityMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>The pair's certificate in <paramref name="database"/> of <paramref name="connection"/>.</summary>
    public PairDtlsCertificate(IConnectionMultiplexer connection, CallKeys keys, int database, HighAvailabilityMetrics metrics, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keys);
        _database = connection.GetDatabase(database);
        _key = keys.DtlsCertificateKey;
        _metrics = metrics;
        _logger = logger;
        _time = time;
    }

    /// <summary>
    /// The certificate both nodes use. While Redis cannot be reached it retries every <see cref="RetryInterval"/>
    /// until <paramref name="cancellationToken"/> ends the start: a node without Redis cannot take the lease, so it
    /// could not serve calls anyway, and starting with a certificate of its own is what breaks calls after a takeover.
    /// </summary>
    public async Task<DtlsCertificate> LoadAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                if (await TryLoadOnceAsync().ConfigureAwait(false) is { } certificate)
                {
                    return certificate;
                }

                // The peer stored or replaced the value between our read and our write: read what it stored.
                continue;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                if (failures++ == 0)
                {
                    _logger.LogWarning("Cannot read the pair's DTLS certificate from Redis ({Error}); waiting for Redis before serving calls", e.Message);
                }
            }

            await Task.Delay(RetryInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DtlsCertificate?> TryLoadOnceAsync()
    {
        var stored = await _database.StringGetAsync(_key).ConfigureAwait(false);
        if (stored.IsNull)
        {
            var created = DtlsCertificate.Generate(_time, Validity);
            if (!await _database.StringSetAsync(_key, created.ExportPem(), when: When.NotExists).ConfigureAwait(false))
            {
                return null;
            }

            _logger.LogInformation("Generated the pair's DTLS certificate {Fingerprint} (valid until {NotAfter:u}) and stored it in Redis", created.Fingerprint, created.NotAfter);
            return created;
        }

        var certificate = Decode(stored!);
        var now = _time.GetUtcNow();
        if (certificate is not null && certificate.NotAfter - now > RenewBefore)
        {
            _logger.LogInformation("Using the pair's DTLS certificate {Fingerprint} from Redis (valid until {NotAfter:u})", certificate.Fingerprint, certificate.NotAfter);
            return certificate;
        }

        var replacement = DtlsCertificate.Generate(_time, Validity);
        if ((int)await _database.ScriptEvaluateAsync(ReplaceIfUnchanged, [_key], [stored, replacement.ExportPem()]).ConfigureAwait(false) == 0)
        {
            return null;
        }

        var reason = certificate is null ? PairCertificateReplacement.Corrupt : PairCertificateReplacement.Expiring;
        _metrics.RecordDtlsCertificateReplaced(reason);
        if (certificate is null)
        {
            _logger.LogError(
                "The pair's DTLS certificate in Redis ({Length} bytes) is not a PEM certificate with its PKCS#8 key; replaced it with {Fingerprint}. Calls set up with the old one fail their next re-offer on this node",
                ((byte[])stored!).Length, replacement.Fingerprint);
        }
        else
        {
            _logger.LogWarning(
                "The pair's DTLS certificate {Old} expires at {NotAfter:u}; replaced it with {Fingerprint} (valid until {NewNotAfter:u}). The peer keeps the old one until it restarts",
                certificate.Fingerprint, certificate.NotAfter, replacement.Fingerprint, replacement.NotAfter);
        }

        return replacement;
    }

    private static DtlsCertificate? Decode(string pem)
    {
        try
        {
            var certificate = DtlsCertificate.ImportPem(pem);
            return KeyMatches(certificate) ? certificate : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The exception is not logged: its message could quote bytes of the key.
            return null;
        }
    }

    /// <summary>A certificate whose private key is not its public key's would fail every handshake.</summary>
    private static bool KeyMatches(DtlsCertificate certificate) =>
        certificate.PrivateKey is ECPrivateKeyParameters privateKey
        && certificate.Certificate.GetPublicKey() is ECPublicKeyParameters publicKey
        && privateKey.Parameters.G.Multiply(privateKey.D).Normalize().Equals(publicKey.Q.Normalize());
}
