using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.SQS;
using RtcOnAws.Constructs.Sbc;

namespace RtcOnAws.Constructs.Failover;

/// <summary>Props of <see cref="FailoverAutomation"/>.</summary>
public sealed class FailoverAutomationProps
{
    /// <summary>The SBC pairs to watch and fail over (of this stack or imported with <see cref="SbcPair.FromSbcPairAttributes"/>); at least one. Required.</summary>
    public required IReadOnlyList<ISbcPair> Pairs { get; init; }

    /// <summary>
    /// Code of the floating-IP failover function: a zip or folder holding an executable <c>bootstrap</c> for
    /// <c>provided.al2023</c> on x86_64 (for example the self-contained publish of RtcOnAws.Functions.FloatingIpFailover).
    /// </summary>
    /// <remarks>Default: <see cref="NotImplementedBootstrap.Code"/>, which fails every invocation.</remarks>
    public Code? FloatingIpFailoverCode { get; init; }

    /// <summary>Code of the lifecycle DNS function, packaged like <see cref="FloatingIpFailoverCode"/>.</summary>
    /// <remarks>Default: <see cref="NotImplementedBootstrap.Code"/>, which fails every invocation.</remarks>
    public Code? LifecycleDnsCode { get; init; }

    /// <summary>The hosted zone whose records the lifecycle DNS function may change.</summary>
    /// <remarks>Default: none; the DNS function gets no Route 53 write permission until a zone is given.</remarks>
    public IHostedZone? HostedZone { get; init; }

    /// <summary>
    /// The domain under which the lifecycle DNS function keeps per-AZ A records (<c>&lt;az&gt;.&lt;domain&gt;</c>) and SRV
    /// records of the Auto Scaling groups routed to it. Keep it apart from records managed elsewhere (for example
    /// <see cref="Dns.SipDns"/>'s), since the function rewrites its SRV records as a whole.
    /// </summary>
    /// <remarks>Default: the hosted zone's name when <see cref="HostedZone"/> is given, otherwise empty (the function then only completes lifecycle actions).</remarks>
    public string? LifecycleDnsDomain { get; init; }

    /// <summary>Whether the lifecycle DNS function publishes instances' public (true) or private (false) IPv4 addresses.</summary>
    /// <remarks>Default: false (private addresses).</remarks>
    public bool? LifecycleDnsPublicAddresses { get; init; }

    /// <summary>
    /// The SRV records the lifecycle DNS function keeps, each naming every AZ's A record on <see cref="LifecycleDnsSipPort"/>.
    /// Route only groups to the function whose instances serve these services on that port at the published address:
    /// an SRV value for a closed port sends clients into timeouts.
    /// </summary>
    /// <remarks>Default: <c>_sip._udp</c> and <c>_sip._tcp</c> (<see cref="FailoverAutomation.DefaultSrvServices"/>).</remarks>
    public IReadOnlyList<string>? LifecycleDnsSrvServices { get; init; }

    /// <summary>The port in the lifecycle DNS function's SRV values, 1-65535.</summary>
    /// <remarks>Default: 5060.</remarks>
    public double? LifecycleDnsSipPort { get; init; }

    /// <summary>Timeout of the lifecycle DNS function, 1 to 900 seconds; it waits for Route 53 to report its changes in sync.</summary>
    /// <remarks>Default: 3 minutes.</remarks>
    public Duration? LifecycleDnsTimeout { get; init; }

    /// <summary>Timeout of the floating-IP failover function, 1 to 900 seconds.</summary>
    /// <remarks>Default: 30 seconds (an Elastic IP re-association takes 5-20 s, plus confirmation polling).</remarks>
    public Duration? Timeout { get; init; }

    /// <summary>Memory of each function in MiB, 128 to 10240.</summary>
    /// <remarks>Default: 256.</remarks>
    public double? MemorySizeMiB { get; init; }

    /// <summary>Retries of a failed asynchronous invocation, by EventBridge and by Lambda, 0 to 2.</summary>
    /// <remarks>Default: 2.</remarks>
    public double? RetryAttempts { get; init; }

    /// <summary>How old an event may get and still be delivered or retried, 60 seconds to 6 hours.</summary>
    /// <remarks>Default: 5 minutes: an older failover decision would act on a stale view.</remarks>
    public Duration? MaxEventAge { get; init; }

    /// <summary>Where events end up that failed every retry (from EventBridge and from Lambda).</summary>
    /// <remarks>Default: a new SQS queue, SQS-managed encryption, 14 days retention, TLS enforced.</remarks>
    public IQueue? DeadLetterQueue { get; init; }
}
