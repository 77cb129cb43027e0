using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.SQS;
using RtcOnAws.Constructs.Sbc;

namespace RtcOnAws.Constructs.Failover;

/// <summary>Props of <see cref="FailoverAutomation"/>.</summary>
public sealed class FailoverAutomationProps
{
    /// <summary>The SBC pairs to watch and fail over; at least one. Required.</summary>
    public required IReadOnlyList<SbcPair> Pairs { get; init; }

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

    /// <summary>The SIP domain whose A and SRV records the lifecycle DNS function maintains, for example <c>voice.example.com</c>.</summary>
    /// <remarks>Default: the hosted zone's name when <see cref="HostedZone"/> is given, otherwise empty (the function then refuses to run).</remarks>
    public string? SipDomain { get; init; }

    /// <summary>Timeout of each function, 1 to 900 seconds.</summary>
    /// <remarks>Default: 30 seconds (an address move plus confirmation polling).</remarks>
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
