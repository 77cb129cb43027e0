using System.Net;
using System.Security.Cryptography;

namespace RtcOnAws.AwsSimulator.Imds;

/// <summary>
/// IMDSv2 for every simulated instance, served under /imds/{instanceId}/latest/...: tokens from PUT latest/api/token
/// (TTL 1-21600 s), meta-data reads require a valid token of that instance (else 401), values come from the EC2 state.
/// </summary>
public sealed class SimulatedImds
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (string InstanceId, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private int _tokensIssued;
    private int _reads;

    internal SimulatedImds(TimeProvider time) => _time = time;

    /// <summary>Tokens issued so far (PUT latest/api/token answered 200).</summary>
    public int TokensIssued
    {
        get { lock (_lock) return _tokensIssued; }
    }

    /// <summary>Successful meta-data reads so far.</summary>
    public int MetadataReads
    {
        get { lock (_lock) return _reads; }
    }

    /// <summary>Invalidates every token (as an IMDS restart would); the next read answers 401.</summary>
    public void RevokeAllTokens()
    {
        lock (_lock) _tokens.Clear();
    }

    internal (HttpStatusCode Status, string Body) IssueToken(string instanceId, string? ttlHeader)
    {
        if (!int.TryParse(ttlHeader, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ttl) || ttl < 1 || ttl > 21600)
            return (HttpStatusCode.BadRequest, "");
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(42));
        lock (_lock)
        {
            _tokens[token] = (instanceId, _time.GetUtcNow().AddSeconds(ttl));
            _tokensIssued++;
        }
        return (HttpStatusCode.OK, token);
    }

    internal bool IsValid(string instanceId, string? token)
    {
        if (token is null) return false;
        lock (_lock)
        {
            return _tokens.TryGetValue(token, out var entry) && entry.InstanceId == instanceId && entry.Expires > _time.GetUtcNow();
        }
    }

    internal void CountRead()
    {
        lock (_lock) _reads++;
    }
}
