using RtcOnAws.Aws;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>The function's settings, from environment variables (documented in docs/functions.md).</summary>
internal sealed record DnsSettings(
    string? HostedZoneId,
    string Domain,
    long Ttl,
    bool PublishPublicAddress,
    IReadOnlyList<string> SrvServices,
    int SrvPort,
    int SrvPriority,
    int SrvWeight,
    TimeSpan HeartbeatInterval,
    bool WaitForInsync,
    TimeSpan ChangePollInterval,
    int ChangeAttempts)
{
    /// <summary>
    /// How a record change that lost a race is retried: up to <see cref="ChangeAttempts"/> rejected batches, re-reading
    /// after a full-jitter backoff of 50 ms doubling up to 2 s (the invocation's deadline bounds it as well).
    /// </summary>
    public AwsRetryOptions ChangeRetry => new()
    {
        MaxAttempts = ChangeAttempts,
        BaseDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromSeconds(2),
    };

    /// <summary>False when no hosted zone is configured: lifecycle actions are still completed, no record is touched.</summary>
    public bool Enabled => HostedZoneId is not null;

    public static DnsSettings FromEnvironment()
    {
        var zone = EnvironmentSettings.Optional("RTCONAWS_HOSTED_ZONE_ID", "").Replace("/hostedzone/", "", StringComparison.Ordinal);
        var domain = (zone.Length == 0 ? EnvironmentSettings.Optional("RTCONAWS_DNS_DOMAIN", "") : EnvironmentSettings.Required("RTCONAWS_DNS_DOMAIN"))
            .Trim().TrimEnd('.').ToLowerInvariant();
        if ((zone.Length > 0 && domain.Length == 0) || domain.Contains(' ', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"RTCONAWS_DNS_DOMAIN must be a DNS name such as sip.example.com, got '{domain}'");
        }

        var address = EnvironmentSettings.Optional("RTCONAWS_DNS_ADDRESS", "private");
        if (address is not ("private" or "public"))
        {
            throw new InvalidOperationException($"RTCONAWS_DNS_ADDRESS must be 'private' or 'public', got '{address}'");
        }

        var services = EnvironmentSettings.Optional("RTCONAWS_SRV_SERVICES", "_sip._udp,_sip._tcp")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var service in services)
        {
            if (!service.StartsWith('_') || !service.Contains("._", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"RTCONAWS_SRV_SERVICES entries must look like _sip._udp, got '{service}'");
            }
        }

        var wait = EnvironmentSettings.Optional("RTCONAWS_WAIT_INSYNC", "true");
        if (wait is not ("true" or "false"))
        {
            throw new InvalidOperationException($"RTCONAWS_WAIT_INSYNC must be 'true' or 'false', got '{wait}'");
        }

        return new DnsSettings(
            zone.Length == 0 ? null : zone,
            domain,
            EnvironmentSettings.Integer("RTCONAWS_DNS_TTL", 30, 0, 172_800),
            address == "public",
            services,
            EnvironmentSettings.Integer("RTCONAWS_SIP_PORT", 5060, 1, 65_535),
            EnvironmentSettings.Integer("RTCONAWS_SRV_PRIORITY", 10, 0, 65_535),
            EnvironmentSettings.Integer("RTCONAWS_SRV_WEIGHT", 10, 0, 65_535),
            TimeSpan.FromSeconds(EnvironmentSettings.Integer("RTCONAWS_HEARTBEAT_SECONDS", 30, 1, 3_600)),
            wait == "true",
            EnvironmentSettings.Milliseconds("RTCONAWS_CHANGE_POLL_MS", 1_000, 10, 60_000),
            EnvironmentSettings.Integer("RTCONAWS_DNS_CHANGE_ATTEMPTS", 20, 1, 100));
    }

    /// <summary>Fully qualified name of the A record of one Availability Zone, e.g. us-east-1a.sip.example.com.</summary>
    public string ZoneRecordName(string availabilityZone) => $"{availabilityZone.ToLowerInvariant()}.{Domain}.";

    /// <summary>Fully qualified name of one SRV record, e.g. _sip._udp.sip.example.com.</summary>
    public string SrvRecordName(string service) => $"{service.ToLowerInvariant()}.{Domain}.";
}
