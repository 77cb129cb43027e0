using System.Net;
using System.Net.Sockets;
using Amazon.CDK;
using Amazon.CDK.AWS.Route53;
using Constructs;
using RtcOnAws.Constructs.Edge;
using RtcOnAws.Constructs.Network;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Dns;

/// <summary>
/// Route 53 records for SIP (whitepaper fig. 11-12): per AZ target an A record naming that AZ's SBC addresses, a TCP
/// health check on its SIP port, and a health-checked multivalue value in the SRV records <c>_sip._udp</c> and
/// <c>_sip._tcp</c>; optionally <c>_sips._tcp</c> naming where TLS terminates, and a latency-based A record of the domain
/// per region. Every TTL is short and validated.
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

        var interval = PropsValidator.Seconds(props.HealthCheckInterval ?? Duration.Seconds(10));
        var threshold = props.HealthCheckFailureThreshold ?? 3;

        var azRecords = new List<ARecord>();
        var azChecks = new List<CfnHealthCheck>();
        var srvRecords = new List<SrvRecord>();
        foreach (var target in props.AzTargets)
        {
            var label = Capitalize(target.Label);
            var hostName = $"{target.Label}.{Domain}";
            azRecords.Add(new ARecord(this, $"Az{label}", new ARecordProps
            {
                Zone = zone,
                RecordName = hostName,
                Target = RecordTarget.FromIpAddresses([.. target.Addresses]),
                Ttl = ttl,
            }));
            // The SIP port itself: the probe is answered by the SIP proxy on whichever node holds the address, after asking
            // its media relay, so an AZ whose pair is down or fenced reads unhealthy and its SRV values are withdrawn.
            var http = (target.HealthCheckProtocol ?? SipHealthCheckProtocol.Http) == SipHealthCheckProtocol.Http;
            var check = new CfnHealthCheck(this, $"HealthCheck{label}", new CfnHealthCheckProps
            {
                HealthCheckConfig = new CfnHealthCheck.HealthCheckConfigProperty
                {
                    Type = http ? "HTTP" : "TCP",
                    ResourcePath = http ? SipHealthAnswer.Path : null,
                    IpAddress = target.HealthCheckAddress ?? target.Addresses[0],
                    Port = target.SipPort ?? RtcNetwork.SipPort,
                    RequestInterval = interval,
                    FailureThreshold = threshold,
                },
                HealthCheckTags = new[] { new CfnHealthCheck.HealthCheckTagProperty { Key = "Name", Value = $"SIP {hostName}" } },
            });
            azChecks.Add(check);
            foreach (var service in PlainServices)
            {
                // One multivalue record set per AZ: Route 53 answers with every healthy AZ's value, so clients keep
                // RFC 2782 priorities and weights and never get a dead AZ.
                var record = new SrvRecord(this, $"Srv{ServiceId(service)}{label}", new SrvRecordProps
                {
                    Zone = zone,
                    RecordName = $"{service}.{Domain}",
                    Ttl = ttl,
                    MultiValueAnswer = true,
                    SetIdentifier = target.Label,
                    Values =
                    [
                        new SrvRecordValue
                        {
                            Priority = target.Priority ?? 10,
                            Weight = target.Weight ?? 10,
                            Port = target.SipPort ?? RtcNetwork.SipPort,
                            HostName = hostName,
                        },
                    ],
                });
                ((CfnRecordSet)record.Node.DefaultChild!).HealthCheckId = check.AttrHealthCheckId;
                srvRecords.Add(record);
            }
        }
        if (props.TlsHostName is { } tlsHost)
        {
            srvRecords.Add(new SrvRecord(this, $"Srv{ServiceId(TlsService)}", new SrvRecordProps
            {
                Zone = zone,
                RecordName = $"{TlsService}.{Domain}",
                Ttl = ttl,
                Values = [new SrvRecordValue { Priority = 10, Weight = 10, Port = props.TlsPort ?? RtcNetwork.SipTlsPort, HostName = tlsHost }],
            }));
        }
        AzRecords = azRecords;
        AzHealthChecks = azChecks;
        SrvRecords = srvRecords;

        var healthChecks = new List<CfnHealthCheck>();
        var latencyRecords = new List<ARecord>();
        foreach (var (region, index) in (props.RegionTargets ?? []).Select((r, i) => (r, i)))
        {
            var label = Token.IsUnresolved(region.Region) ? $"Region{index + 1}" : Capitalize(region.Region);
            var regionAzChecks = props.AzTargets
                .Select((target, i) => (Address: target.HealthCheckAddress ?? target.Addresses[0], Check: azChecks[i]))
                .Where(t => region.Addresses.Contains(t.Address))
                .Select(t => t.Check.AttrHealthCheckId)
                .ToArray();
            var healthCheck = new CfnHealthCheck(this, $"HealthCheck{label}", new CfnHealthCheckProps
            {
                HealthCheckConfig = region.HealthCheck is null && regionAzChecks.Length > 0
                    // The region serves while any of its AZs does.
                    ? new CfnHealthCheck.HealthCheckConfigProperty { Type = "CALCULATED", ChildHealthChecks = regionAzChecks, HealthThreshold = 1 }
                    : HealthCheckConfig(region),
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

    /// <summary>
    /// The SRV record sets: per AZ target one multivalue set each of <c>_sip._udp</c> and <c>_sip._tcp</c> (in that
    /// order), then <c>_sips._tcp</c> when <see cref="SipDnsProps.TlsHostName"/> is set.
    /// </summary>
    public IReadOnlyList<SrvRecord> SrvRecords { get; }

    /// <summary>One TCP health check per AZ target on its health-check address and SIP port, in the same order.</summary>
    public IReadOnlyList<CfnHealthCheck> AzHealthChecks { get; }

    /// <summary>One latency-based A record of the domain per region target.</summary>
    public IReadOnlyList<ARecord> LatencyRecords { get; }

    /// <summary>The health checks of <see cref="LatencyRecords"/> (calculated over the region's AZ checks by default), in the same order.</summary>
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

    private static string ServiceId(string service) => Capitalize(service.Replace("_", "").Replace(".", ""));

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
            if ((target.HealthCheckAddress ?? target.Addresses?.FirstOrDefault()) is { } checkAddress)
            {
                CheckPublicAddress(v, checkAddress, $"{prop}.{(target.HealthCheckAddress is null ? "Addresses" : "HealthCheckAddress")}");
            }
        }
        v.CheckRange(props.TlsPort, 1, 65535, nameof(props.TlsPort));
        if (props.TlsPort is not null && props.TlsHostName is null)
        {
            v.Fail(nameof(props.TlsPort), "is set without TlsHostName", "a port only together with TlsHostName");
        }
        if (props.TlsHostName is { } tlsHost)
        {
            v.Check(tlsHost, DnsNames.IsDomain(tlsHost), nameof(props.TlsHostName), $"'{tlsHost}' is not a host name", DnsNames.DomainAllowed);
        }
        HealthCheckRules.CheckInterval(v, props.HealthCheckInterval, nameof(props.HealthCheckInterval));
        HealthCheckRules.CheckThreshold(v, props.HealthCheckFailureThreshold, nameof(props.HealthCheckFailureThreshold));
        var labels = (props.AzTargets ?? []).Select(t => t.Label).ToList();
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            v.Fail(nameof(props.AzTargets), "repeats a label", "a different Label per AZ target");
        }
        foreach (var (region, index) in (props.RegionTargets ?? []).Select((r, i) => (r, i)))
        {
            ValidateRegion(v, props, region, $"RegionTargets[{index}]");
        }
        v.ThrowIfAny();
        return id;
    }

    private static IEnumerable<string> AzCheckAddresses(SipDnsProps props) =>
        (props.AzTargets ?? []).Select(t => t.HealthCheckAddress ?? t.Addresses?.FirstOrDefault()).OfType<string>();

    private static void CheckPublicAddress(PropsValidator v, string ip, string prop)
    {
        if (PropsValidator.IsToken(ip))
        {
            return;
        }
        var isIp = IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetwork;
        v.Check(ip, isIp && !IsPrivate(address!), prop,
            isIp ? $"{ip} is private and Route 53 health checkers cannot reach it" : $"'{ip}' is not an IPv4 address",
            "a public IPv4 address, or an alarm-based check (AlarmName and AlarmRegion) for private addresses");
    }

    private static void ValidateRegion(PropsValidator v, SipDnsProps props, SipRegionTarget region, string prop)
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
        if (check.IpAddress is { } ip && (region.HealthCheck is not null || !region.Addresses.Any(a => AzCheckAddresses(props).Contains(a))))
        {
            CheckPublicAddress(v, ip, $"{prop}.HealthCheck.IpAddress");
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
