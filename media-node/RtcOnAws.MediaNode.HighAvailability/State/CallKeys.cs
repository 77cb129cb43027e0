namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>
/// Key naming under <c>--redis-key-prefix</c>: one key per call (<c>PREFIX call:CALL-ID</c>), one lease key
/// (<c>PREFIX lease</c>), one generation key (<c>PREFIX generation</c>) and the pair's DTLS certificate
/// (<c>PREFIX dtls-certificate</c>). Both nodes of a pair use the same prefix; different pairs sharing a Redis use different ones.
/// </summary>
public sealed class CallKeys
{
    /// <summary>Default <c>--redis-key-prefix</c>.</summary>
    public const string DefaultPrefix = "medianode:";

    /// <summary>Creates the naming for <paramref name="prefix"/>.</summary>
    public CallKeys(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.IndexOfAny(['*', '?', '[', ']', '\\', ' ']) >= 0)
        {
            throw new ArgumentException($"--redis-key-prefix '{prefix}' must not contain glob characters (* ? [ ] \\) or spaces", nameof(prefix));
        }

        Prefix = prefix;
        CallPrefix = prefix + "call:";
        LeaseKey = prefix + "lease";
        GenerationKey = prefix + "generation";
        DtlsCertificateKey = prefix + "dtls-certificate";
    }

    /// <summary>The configured prefix.</summary>
    public string Prefix { get; }

    /// <summary>Prefix of every call key.</summary>
    public string CallPrefix { get; }

    /// <summary>The leader lease key.</summary>
    public string LeaseKey { get; }

    /// <summary>
    /// The key the active sets to a new token each time Redis holds exactly its calls again (after a reconnect or a
    /// promotion); a standby that sees a token it has not reconciled rescans.
    /// </summary>
    public string GenerationKey { get; }

    /// <summary>
    /// The pair's DTLS certificate and private key (PEM), which both nodes advertise in <c>a=fingerprint</c> so a
    /// standby's re-offer after a takeover carries the fingerprint the browser already verified. Never expires.
    /// </summary>
    public string DtlsCertificateKey { get; }

    /// <summary>SCAN pattern matching every call key.</summary>
    public string CallPattern => CallPrefix + "*";

    /// <summary>The key of one call.</summary>
    public string CallKey(string callId) => CallPrefix + callId;

    /// <summary>The call-id of a call key, or <c>null</c> for any other key.</summary>
    public string? CallIdOf(string key) =>
        key.StartsWith(CallPrefix, StringComparison.Ordinal) && key.Length > CallPrefix.Length ? key[CallPrefix.Length..] : null;

    /// <summary>The keyspace-notification channel pattern for call keys in <paramref name="database"/>.</summary>
    public string KeyspacePattern(int database) => $"__keyspace@{database}__:{CallPattern}";

    /// <summary>
    /// A channel that <see cref="KeyspacePattern"/> matches but that names no call (a call-id is never empty): a
    /// standby publishes a probe on it to learn that its subscription is in effect on the server.
    /// </summary>
    public string ProbeChannel(int database) => $"__keyspace@{database}__:{CallPrefix}";
}
