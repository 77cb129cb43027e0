using System.Net;
using System.Net.Sockets;
using Amazon.CDK;
using Amazon.CDK.AWS.Route53;
using Constructs;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Dns;

/// <summary>
/// Route 53 records for SIP (whitepaper fig. 11-12): SRV records <c>_sip._udp</c>, <c>_sip._tcp</c> and
/// <c>_sips._tcp</c> with priority, weight and port per AZ target; one A record per AZ naming that AZ's SBC
/// addresses; and a latency-based A record per region with a health check. Every TTL is short and validated.
/// </summary>
public sealed class SipDns : Construct
{
    /// <summary>The maximum TTL accepted, in seconds.</summary>
    public const double MaxTtlSeconds = 300;

    private static readonly string[] PlainServices = ["_sip._udp", "_sip._tcp"];
    private const string TlsService = "_sips._tcp";

    /// <summary>Creates the records and health checks.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public SipDns(Construct scope, string id, SipDnsProps props)
        : base(scope, Validate(id, props))
    {
        var zone = props.HostedZone;
        Domain = props.Domain ?? zone.ZoneName;
        var ttl = props.Ttl ?? Duration.Seconds(30);

        AzRecords = props.AzTargets.Select(target => new ARecord(this, $"Az{Capitalize(target.Label)}", new ARecordProps
        {
            Zone = zone,
            RecordName = $"{target.Label}.{Domain}",
            Target = RecordTarget.FromIpAddresses([.. target.Addresses]),
            Ttl = ttl,
        })).ToArray();

        var services = (props.IncludeTls ?? true) ? [.. PlainServices, TlsService] : PlainServices;
        SrvRecords = services.Select(service => new SrvRecord(this, $"Srv{Capitalize(service.Replace("_", "").Replace(".", ""))}", new SrvRecordProps
        {
            Zone = zone,
            RecordName = $"{service}.{Domain}",
            Ttl = ttl,
            Values = props.AzTargets.Select(target => (ISrvRecordValue)new SrvRecordValue
            {
                Priority = target.Priority ?? 10,
                Weight = target.Weight ?? 10,
                Port = service == TlsService ? target.SipsPort ?? 5061 : target.SipPort ?? 5060,
                HostName = $"{target.Label}.{Domain}",
            }).ToArray(),
        })).ToArray();

        var healthChecks = new List<CfnHealthCheck>();
        var latencyRecords = new List<ARecord>();
        foreach (var (region, index) in (props.RegionTargets ?? []).Select((r, i) => (r, i)))
        {
            var label = Token.IsUnresolved(region.Region) ? $"Region{index + 1}" : Capitalize(region.Region);
            var healthCheck = new CfnHealthCheck(this, $"HealthCheck{label}", new CfnHealthCheckProps
            {
                HealthCheckConfig = HealthCheckConfig(region),
                HealthCheckTags = new[] { new CfnHealthCheck.HealthCheckTagProperty { Key = "Name", Value = $"{Domain} {region.Region}" } },
            });
            var record = new ARecord(this, $"Latency{label}", new ARecordProps
            {
                Zone = zone,
                RecordName = Domain,
                Target = RecordTarget.FromIpAddresses([.. region.Addresses]),
                Ttl = ttl,
                Region = region.Region,
                SetIdentifier = region.Region,
            });
            ((CfnRecordSet)record.Node.DefaultChild!).HealthCheckId = healthCheck.AttrHealthCheckId;
            healthChecks.Add(healthCheck);
            latencyRecords.Add(record);
        }
        HealthChecks = healthChecks;
        LatencyRecords = latencyRecords;
    }

    /// <summary>The SIP domain the records are under.</summary>
    public string Domain { get; }

    /// <summary>One A record per AZ target.</summary>
    public IReadOnlyList<ARecord> AzRecords { get; }

    /// <summary>The SRV records (<c>_sip._udp</c>, <c>_sip._tcp</c>, and <c>_sips._tcp</c> unless TLS is excluded).</summary>
    public IReadOnlyList<SrvRecord> SrvRecords { get; }

    /// <summary>One latency-based A record of the domain per region target.</summary>
    public IReadOnlyList<ARecord> LatencyRecords { get; }

    /// <summary>The health checks of <see cref="LatencyRecords"/>, in the same order.</summary>
    public IReadOnlyList<CfnHealthCheck> HealthChecks { get; }

    private static CfnHealthCheck.HealthCheckConfigProperty HealthCheckConfig(SipRegionTarget region)
    {
        var check = region.HealthCheck ?? new SipDnsHealthCheck { IpAddress = region.Addresses[0] };
        if (check.AlarmName is { } alarm)
        {
            return new CfnHealthCheck.HealthCheckConfigProperty
            {
                Type = "CLOUDWATCH_METRIC",
                AlarmIdentifier = new CfnHealthCheck.AlarmIdentifierProperty { Name = alarm, Region = check.AlarmRegion! },
                // A region whose alarm has no data is not proven healthy.
                InsufficientDataHealthStatus = "Unhealthy",
            };
        }
        return new CfnHealthCheck.HealthCheckConfigProperty
        {
            Type = "TCP",
            IpAddress = check.IpAddress,
            Port = check.Port ?? 5060,
            RequestInterval = PropsValidator.Seconds(check.RequestInterval ?? Duration.Seconds(10)),
            FailureThreshold = check.FailureThreshold ?? 3,
        };
    }

    private static string Capitalize(string text) =>
        string.Concat(text.Split('-', '.').Where(part => part.Length > 0).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static string Validate(string id, SipDnsProps props)
    {
        var v = new PropsValidator(nameof(SipDns), id);
        if (props.HostedZone is null)
        {
            v.Fail(nameof(props.HostedZone), "is missing", "an IHostedZone");
        }
        if (props.Domain is { } domain)
        {
            v.Check(domain, DnsNames.IsDomain(domain), nameof(props.Domain), $"'{domain}' is not a domain name", DnsNames.DomainAllowed);
        }
        if (props.Ttl is { } ttl && !ttl.IsUnresolved())
        {
            var seconds = PropsValidator.Seconds(ttl);
            v.Check(seconds, seconds >= 1 && seconds <= MaxTtlSeconds, nameof(props.Ttl),
                seconds > MaxTtlSeconds ? $"{PropsValidator.Format(seconds)} s is too long: clients would keep a failed address that long" : $"{PropsValidator.Format(seconds)} s is too short",
                $"1 to {PropsValidator.Format(MaxTtlSeconds)} seconds (default 30)");
        }
        if (props.AzTargets is null || props.AzTargets.Count == 0)
        {
            v.Fail(nameof(props.AzTargets), "is empty", "at least one SipAzTarget");
        }
        foreach (var (target, index) in (props.AzTargets ?? []).Select((t, i) => (t, i)))
        {
            var prop = $"AzTargets[{index}]";
            v.Check(target.Label, DnsNames.IsLabel(target.Label ?? ""), $"{prop}.Label", $"'{target.Label}' is not a DNS label", DnsNames.LabelAllowed);
            if (target.Addresses is null || target.Addresses.Count == 0)
            {
                v.Fail($"{prop}.Addresses", "is empty", "at least one IPv4 address");
            }
            v.CheckRange(target.Priority, 0, 65535, $"{prop}.Priority");
            v.CheckRange(target.Weight, 0, 65535, $"{prop}.Weight");
            v.CheckRange(target.SipPort, 1, 65535, $"{prop}.SipPort");
            v.CheckRange(target.SipsPort, 1, 65535, $"{prop}.SipsPort");
        }
        var labels = (props.AzTargets ?? []).Select(t => t.Label).ToList();
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            v.Fail(nameof(props.AzTargets), "repeats a label", "a different Label per AZ target");
        }
        foreach (var (region, index) in (props.RegionTargets ?? []).Select((r, i) => (r, i)))
        {
            ValidateRegion(v, region, $"RegionTargets[{index}]");
        }
        v.ThrowIfAny();
        return id;
    }

    private static void ValidateRegion(PropsValidator v, SipRegionTarget region, string prop)
    {
        if (region.Addresses is null || region.Addresses.Count == 0)
        {
            v.Fail($"{prop}.Addresses", "is empty", "at least one public IPv4 address");
            return;
        }
        var check = region.HealthCheck ?? new SipDnsHealthCheck { IpAddress = region.Addresses[0] };
        if ((check.IpAddress is null) == (check.AlarmName is null))
        {
            v.Fail($"{prop}.HealthCheck", "names both or neither of IpAddress and AlarmName", "exactly one: a public IpAddress (TCP check) or an AlarmName with AlarmRegion");
        }
        if (check.IpAddress is { } ip && !PropsValidator.IsToken(ip))
        {
            var isIp = IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetwork;
            v.Check(ip, isIp && !IsPrivate(address!), $"{prop}.HealthCheck.IpAddress",
                isIp ? $"{ip} is private and Route 53 health checkers cannot reach it" : $"'{ip}' is not an IPv4 address",
                "a public IPv4 address, or an alarm-based check (AlarmName and AlarmRegion) for private addresses");
        }
        if (check.AlarmName is not null && string.IsNullOrEmpty(check.AlarmRegion))
        {
            v.Fail($"{prop}.HealthCheck.AlarmRegion", "is missing", "the region of the alarm, for example us-east-1");
        }
        v.CheckRange(check.Port, 1, 65535, $"{prop}.HealthCheck.Port");
        HealthCheckRules.CheckInterval(v, check.RequestInterval, $"{prop}.HealthCheck.RequestInterval");
        HealthCheckRules.CheckThreshold(v, check.FailureThreshold, $"{prop}.HealthCheck.FailureThreshold");
    }

    private static bool IsPrivate(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || (b[0] == 169 && b[1] == 254);
    }
}
