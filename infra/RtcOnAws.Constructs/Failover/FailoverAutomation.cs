using Amazon.CDK;
using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using Constructs;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Failover;

/// <summary>
/// The safety net and DNS keeper of a region: the floating-IP failover function and the lifecycle DNS function
/// on <c>provided.al2023</c>, EventBridge rules on the pairs' alarm state changes and EC2 instance state changes,
/// least-privilege roles, retries and a dead-letter queue.
/// </summary>
/// <remarks>
/// The failover function finds pairs by the tags <see cref="SbcPair"/> puts on its instances, so it needs no
/// configuration; the DNS function gets <c>RTCONAWS_HOSTED_ZONE_ID</c>, <c>RTCONAWS_DNS_DOMAIN</c>,
/// <c>RTCONAWS_DNS_ADDRESS</c> and <c>RTCONAWS_DNS_TTL</c>.
/// </remarks>
public sealed class FailoverAutomation : Construct
{
    /// <summary>Name of the environment variable holding the hosted zone id (empty when none).</summary>
    public const string HostedZoneEnvironmentVariable = "RTCONAWS_HOSTED_ZONE_ID";

    /// <summary>Name of the environment variable holding the lifecycle DNS domain.</summary>
    public const string DomainEnvironmentVariable = "RTCONAWS_DNS_DOMAIN";

    /// <summary>Name of the environment variable choosing public or private addresses for lifecycle DNS records.</summary>
    public const string AddressEnvironmentVariable = "RTCONAWS_DNS_ADDRESS";

    /// <summary>Name of the environment variable holding the TTL of lifecycle DNS records.</summary>
    public const string TtlEnvironmentVariable = "RTCONAWS_DNS_TTL";

    /// <summary>Name of the environment variable listing the SRV records the DNS function maintains.</summary>
    public const string SrvServicesEnvironmentVariable = "RTCONAWS_SRV_SERVICES";

    /// <summary>Name of the environment variable holding the port in the DNS function's SRV values.</summary>
    public const string SipPortEnvironmentVariable = "RTCONAWS_SIP_PORT";

    /// <summary>The SRV records the DNS function maintains by default: SIP over UDP and TCP.</summary>
    public static IReadOnlyList<string> DefaultSrvServices { get; } = ["_sip._udp", "_sip._tcp"];

    /// <summary>How long the functions' logs are kept.</summary>
    public static RetentionDays FunctionLogRetention { get; } = RetentionDays.THREE_MONTHS;

    private readonly FailoverAutomationProps _props;
    private readonly double _retryAttempts;
    private readonly Duration _maxEventAge;

    /// <summary>Creates the functions, rules and dead-letter queue.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public FailoverAutomation(Construct scope, string id, FailoverAutomationProps props)
        : base(scope, Validate(id, props))
    {
        _retryAttempts = props.RetryAttempts ?? 2;
        _maxEventAge = props.MaxEventAge ?? Duration.Minutes(5);
        DeadLetterQueue = props.DeadLetterQueue ?? new Queue(this, "DeadLetterQueue", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });

        FloatingIpFailoverFunction = NewFunction("FloatingIpFailoverFunction", "RtcOnAws: moves a pair's floating address to its healthy node",
            props.FloatingIpFailoverCode, props.Timeout ?? Duration.Seconds(30), props, []);
        foreach (var pair in props.Pairs)
        {
            pair.GrantFailover(FloatingIpFailoverFunction);
        }
        _props = props;
        // The DNS function exists for a zone to write to or a group to follow; with neither it would serve nothing.
        if (props.HostedZone is not null)
        {
            EnsureLifecycleDnsFunction();
        }

        var failoverAlarms = props.Pairs.SelectMany(p => p.FailoverAlarms).Select(a => a.AlarmArn).ToArray();
        // High-availability pairs contribute no alarms (their media nodes own the address), and EventBridge refuses an
        // empty pattern list.
        if (failoverAlarms.Length > 0)
        {
            AlarmStateRule = new Rule(this, "AlarmStateRule", new RuleProps
            {
                Description = "RtcOnAws: SBC alarm state changes go to the failover function",
                EventPattern = new EventPattern
                {
                    Source = ["aws.cloudwatch"],
                    DetailType = ["CloudWatch Alarm State Change"],
                    Resources = failoverAlarms,
                },
            });
            AlarmStateRule.AddTarget(Target(FloatingIpFailoverFunction));
        }

        InstanceStateRule = new Rule(this, "InstanceStateRule", new RuleProps
        {
            Description = "RtcOnAws: SBC instance state changes go to the failover function",
            EventPattern = new EventPattern
            {
                Source = ["aws.ec2"],
                DetailType = ["EC2 Instance State-change Notification"],
                Detail = new Dictionary<string, object>
                {
                    ["instance-id"] = props.Pairs.SelectMany(p => p.Nodes).Select(n => n.InstanceId).ToArray(),
                },
            },
        });
        // Not to the DNS function: SBC addresses are static records plus floating IPs, never rewritten on failure.
        InstanceStateRule.AddTarget(Target(FloatingIpFailoverFunction));
        SbcPair.AcknowledgeScopedWildcards(FloatingIpFailoverFunction.Role!);
    }

    /// <summary>The floating-IP failover function.</summary>
    public Function FloatingIpFailoverFunction { get; }

    /// <summary>
    /// The lifecycle DNS function; created when <see cref="FailoverAutomationProps.HostedZone"/> is set or the first
    /// <see cref="AddLifecycleHookSource"/> call routes a group to it, null until then.
    /// </summary>
    public Function? LifecycleDnsFunction { get; private set; }

    /// <summary>
    /// Rule sending the pairs' <see cref="ISbcPair.FailoverAlarms"/> state changes to <see cref="FloatingIpFailoverFunction"/>;
    /// null when every pair is a high-availability pair (they have none).
    /// </summary>
    public Rule? AlarmStateRule { get; }

    /// <summary>Rule sending the pairs' EC2 instance state changes to <see cref="FloatingIpFailoverFunction"/>.</summary>
    public Rule InstanceStateRule { get; }

    /// <summary>Dead-letter queue of both functions and of every rule target.</summary>
    public IQueue DeadLetterQueue { get; }

    /// <summary>
    /// Routes the launching and terminating lifecycle actions of <paramref name="group"/> to the lifecycle DNS
    /// function and lets it complete them (on that group only).
    /// </summary>
    /// <param name="id">Id of the rule created for the group.</param>
    /// <param name="group">An Auto Scaling group with lifecycle hooks that publish to EventBridge.</param>
    /// <returns>The rule.</returns>
    public Rule AddLifecycleHookSource(string id, IAutoScalingGroup group)
    {
        var rule = new Rule(this, id, new RuleProps
        {
            Description = "RtcOnAws: Auto Scaling lifecycle actions go to the lifecycle DNS function",
            EventPattern = new EventPattern
            {
                Source = ["aws.autoscaling"],
                DetailType = ["EC2 Instance-launch Lifecycle Action", "EC2 Instance-terminate Lifecycle Action"],
                Detail = new Dictionary<string, object> { ["AutoScalingGroupName"] = new[] { group.AutoScalingGroupName } },
            },
        });
        var function = EnsureLifecycleDnsFunction();
        rule.AddTarget(Target(function));
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"],
            Resources = [group.AutoScalingGroupArn],
        }));
        return rule;
    }

    private Function EnsureLifecycleDnsFunction()
    {
        if (LifecycleDnsFunction is { } existing)
        {
            return existing;
        }
        var props = _props;
        var domain = props.LifecycleDnsDomain ?? props.HostedZone?.ZoneName ?? "";
        var function = NewFunction("LifecycleDnsFunction", "RtcOnAws: keeps A/SRV records in step with Auto Scaling lifecycle actions",
            props.LifecycleDnsCode, props.LifecycleDnsTimeout ?? Duration.Minutes(3), props, new Dictionary<string, string>
            {
                [HostedZoneEnvironmentVariable] = props.HostedZone?.HostedZoneId ?? "",
                [DomainEnvironmentVariable] = domain,
                [AddressEnvironmentVariable] = (props.LifecycleDnsPublicAddresses ?? false) ? "public" : "private",
                [TtlEnvironmentVariable] = "30",
                [SrvServicesEnvironmentVariable] = string.Join(',', props.LifecycleDnsSrvServices ?? DefaultSrvServices),
                [SipPortEnvironmentVariable] = PropsValidator.Format(props.LifecycleDnsSipPort ?? 5060),
            });
        LifecycleDnsFunction = function;
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadInstances",
            Actions = ["ec2:DescribeInstances"],
            // Describe calls support no resource-level permissions.
            Resources = ["*"],
        }));
        if (props.HostedZone is { } zone)
        {
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ReadRecords",
                Actions = ["route53:ListResourceRecordSets"],
                Resources = [zone.HostedZoneArn],
            }));
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ChangeOwnRecords",
                Actions = ["route53:ChangeResourceRecordSets"],
                Resources = [zone.HostedZoneArn],
                // Only the per-AZ A records and the SRV records under its own domain, never the zone's other names.
                Conditions = new Dictionary<string, object>
                {
                    ["ForAllValues:StringLike"] = new Dictionary<string, object> { ["route53:ChangeResourceRecordSetsNormalizedRecordNames"] = new[] { $"*.{domain}" } },
                    ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["route53:ChangeResourceRecordSetsRecordTypes"] = new[] { "A", "SRV" } },
                },
            }));
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "WatchRecordChanges",
                Actions = ["route53:GetChange"],
                Resources = [Stack.Of(this).FormatArn(new ArnComponents { Service = "route53", Region = "", Account = "", Resource = "change", ResourceName = "*" })],
            }));
            NagSuppressions.Add(function.Role!.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
                "route53:GetChange on change/*: the change ids are created at run time by the function's own writes, whose names and types are limited by conditions.",
                "Resource::arn:<AWS::Partition>:route53:::change/*");
        }
        NagSuppressions.Add(function.Role!.Node.FindChild("DefaultPolicy"), "AwsSolutions-IAM5",
            "ec2:DescribeInstances supports no resource-level permissions; it is the function's only call on '*'.",
            "Resource::*");
        return function;
    }

    private Function NewFunction(string id, string description, Code? code, Duration timeout, FailoverAutomationProps props, Dictionary<string, string> environment)
    {
        // Its own log group with a retention, and a role that may write only there (instead of the AWS managed
        // AWSLambdaBasicExecutionRole, which allows writing any log group).
        var logGroup = new LogGroup(this, $"{id}Logs", new Amazon.CDK.AWS.Logs.LogGroupProps { Retention = FunctionLogRetention, RemovalPolicy = RemovalPolicy.DESTROY });
        var role = new Role(this, $"{id}Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = description,
        });
        role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteOwnLogs",
            Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resources = [$"{logGroup.LogGroupArn}"],
        }));
        var function = new Function(this, id, new FunctionProps
        {
            Description = description,
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.X86_64,
            Handler = "bootstrap",
            Code = code ?? NotImplementedBootstrap.Code(),
            Timeout = timeout,
            MemorySize = props.MemorySizeMiB ?? 256,
            Environment = environment,
            RetryAttempts = _retryAttempts,
            MaxEventAge = _maxEventAge,
            DeadLetterQueue = DeadLetterQueue,
            Role = role,
            LogGroup = logGroup,
        });
        return function;
    }

    private LambdaFunction Target(IFunction function) => new(function, new LambdaFunctionProps
    {
        RetryAttempts = _retryAttempts,
        MaxEventAge = _maxEventAge,
        DeadLetterQueue = DeadLetterQueue,
    });

    private static string Validate(string id, FailoverAutomationProps props)
    {
        var v = new PropsValidator(nameof(FailoverAutomation), id);
        if (props.Pairs is null || props.Pairs.Count == 0)
        {
            v.Fail(nameof(props.Pairs), "is empty", "at least one SbcPair");
        }
        v.CheckSeconds(props.Timeout, 1, 900, nameof(props.Timeout));
        v.CheckSeconds(props.LifecycleDnsTimeout, 1, 900, nameof(props.LifecycleDnsTimeout));
        v.CheckRange(props.MemorySizeMiB, 128, 10240, nameof(props.MemorySizeMiB));
        v.CheckRange(props.RetryAttempts, 0, 2, nameof(props.RetryAttempts));
        v.CheckSeconds(props.MaxEventAge, 60, 21600, nameof(props.MaxEventAge));
        v.CheckRange(props.LifecycleDnsSipPort, 1, 65535, nameof(props.LifecycleDnsSipPort));
        if (props.LifecycleDnsSrvServices is { } services)
        {
            if (services.Count == 0)
            {
                v.Fail(nameof(props.LifecycleDnsSrvServices), "is empty", "at least one service such as _sip._udp (leave it unset for _sip._udp and _sip._tcp)");
            }
            foreach (var service in services)
            {
                v.Check(service, System.Text.RegularExpressions.Regex.IsMatch(service ?? "", "^_[a-z0-9-]{1,15}\\._(udp|tcp|tls|sctp)$"), nameof(props.LifecycleDnsSrvServices),
                    $"'{service}' is not an SRV service label", "names such as _sip._udp, _sip._tcp or _sips._tcp");
            }
        }
        if (props.LifecycleDnsDomain is { } domain)
        {
            v.Check(domain, DnsNames.IsDomain(domain), nameof(props.LifecycleDnsDomain),
                $"'{domain}' is not a domain name", DnsNames.DomainAllowed);
        }
        v.ThrowIfAny();
        return id;
    }
}
