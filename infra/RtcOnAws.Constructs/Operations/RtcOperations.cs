using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SNS;
using Constructs;
using RtcOnAws.Constructs.Sbc;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Operations;

/// <summary>
/// Paging and a view of one region: an SNS topic (optionally an e-mail subscription), alarms that notify it for every
/// signal an operator acts on (node heartbeat and status, failovers, ng errors, packet loss, load-balancer health,
/// Lambda errors and throttles, dead-letter messages, session-store CPU, memory and replication), and a CloudWatch
/// dashboard with calls, packets, roles, failovers and SIP traffic by reply class.
/// </summary>
public sealed partial class RtcOperations : Construct
{
    private readonly List<Alarm> _alarms = [];

    /// <summary>Creates the topic, alarms and dashboard.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid; the message names every bad prop.</exception>
    public RtcOperations(Construct scope, string id, RtcOperationsProps props)
        : base(scope, Validate(id, props))
    {
        Topic = OperatorTopic.Create(this, props.Topic, "RtcOnAws alarms", props.AlarmEmail);
        var action = new SnsAction(Topic);

        var nodeGraphs = new List<IWidget>();
        foreach (var pair in props.Pairs)
        {
            foreach (var node in pair.Nodes)
            {
                var instance = node.InstanceId;
                var label = $"{pair.Node.Id}{node.Node.Id}";
                // A node of this app pages through its own alarms; one imported from elsewhere gets alarms of the same kind here.
                var (heartbeat, statusCheck) = node is SbcNode own
                    ? (own.HeartbeatAlarm, own.StatusCheckAlarm)
                    : (SbcNode.NewHeartbeatAlarm(this, $"{label}Heartbeat", label, node), SbcNode.NewStatusCheckAlarm(this, $"{label}StatusCheck", label, node));
                Watch(heartbeat);
                Watch(statusCheck);
                if (pair.HighAvailability)
                {
                    Watch(new Alarm(this, $"{label}Failover", new AlarmProps
                    {
                        AlarmDescription = $"SBC {label}: became active (a failover, or the first start)",
                        Metric = MediaNode("medianode_ha_transitions_total", instance, "to", "active", Stats.SUM, Duration.Minutes(1)),
                        Threshold = 1,
                        EvaluationPeriods = 1,
                        ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                        TreatMissingData = TreatMissingData.NOT_BREACHING,
                    }));
                }
                Watch(new Alarm(this, $"{label}NgErrors", new AlarmProps
                {
                    AlarmDescription = $"SBC {label}: the media node answered ng commands with errors",
                    Metric = MediaNode("medianode_ng_commands_total", instance, "result", "error", Stats.SUM, Duration.Minutes(5)),
                    Threshold = 5,
                    EvaluationPeriods = 1,
                    ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    TreatMissingData = TreatMissingData.NOT_BREACHING,
                }));
                Watch(new Alarm(this, $"{label}PacketLoss", new AlarmProps
                {
                    AlarmDescription = $"SBC {label}: more than 1 % of received packets dropped for errors, missing peers or size (hostile sources and fencing excluded)",
                    Metric = PacketLoss(instance),
                    Threshold = 1,
                    EvaluationPeriods = 3,
                    ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                    TreatMissingData = TreatMissingData.NOT_BREACHING,
                }));
                nodeGraphs.Add(new GraphWidget(new GraphWidgetProps
                {
                    Title = $"{label}: calls, role and failovers",
                    Left = [MediaNode("medianode_calls", instance, null, null, Stats.MAXIMUM, Duration.Minutes(1))],
                    Right =
                    [
                        MediaNode("medianode_ha_role", instance, "role", "active", Stats.MAXIMUM, Duration.Minutes(1)),
                        MediaNode("medianode_ha_transitions_total", instance, "to", "active", Stats.SUM, Duration.Minutes(1)),
                    ],
                    Width = 12,
                }));
                nodeGraphs.Add(new GraphWidget(new GraphWidgetProps
                {
                    Title = $"{label}: packets relayed and dropped, SIP",
                    Left =
                    [
                        MediaNode("medianode_packets_relayed_total", instance, null, null, Stats.SUM, Duration.Minutes(1)),
                        .. DropReasons.Select(reason => MediaNode("medianode_packets_dropped_total", instance, "reason", reason, Stats.SUM, Duration.Minutes(1))),
                    ],
                    Right = SipCounters.Select(counter => Sip(counter, instance)).ToArray(),
                    Width = 12,
                }));
            }
        }

        var functions = new[] { props.Failover?.FloatingIpFailoverFunction, props.Failover?.LifecycleDnsFunction }.OfType<Function>().ToArray();
        foreach (var function in functions)
        {
            var name = function.Node.Id;
            Watch(function.MetricErrors(new MetricOptions { Period = Duration.Minutes(1), Statistic = Stats.SUM })
                .CreateAlarm(this, $"{name}Errors", Threshold1($"{name}: an invocation failed")));
            Watch(function.MetricThrottles(new MetricOptions { Period = Duration.Minutes(1), Statistic = Stats.SUM })
                .CreateAlarm(this, $"{name}Throttles", Threshold1($"{name}: an invocation was throttled")));
        }
        if (props.Failover is { } failover)
        {
            Watch(failover.DeadLetterQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(1), Statistic = Stats.MAXIMUM })
                .CreateAlarm(this, "DeadLetters", Threshold1("Failover automation: an event failed every retry and was dead-lettered")));
        }

        var storeMetrics = new List<IMetric>();
        if (props.SessionStore is { } store)
        {
            var nodes = (int)(store.ReplicationGroup.NumCacheClusters ?? 2);
            for (var n = 1; n <= nodes; n++)
            {
                // Members of a replication group without cluster mode are named <group id>-001, -002, ...
                var cluster = $"{store.ReplicationGroup.Ref}-{n:000}";
                var cpu = Cache("EngineCPUUtilization", cluster, Stats.AVERAGE);
                var memory = Cache("DatabaseMemoryUsagePercentage", cluster, Stats.MAXIMUM);
                storeMetrics.Add(cpu);
                storeMetrics.Add(memory);
                Watch(cpu.CreateAlarm(this, $"SessionStoreNode{n}Cpu", Above(80, 3, $"Session store node {n}: Redis engine CPU above 80 %")));
                Watch(memory.CreateAlarm(this, $"SessionStoreNode{n}Memory", Above(80, 3, $"Session store node {n}: memory above 80 % of maxmemory")));
                if (n > 1)
                {
                    Watch(Cache("ReplicationLag", cluster, Stats.MAXIMUM).CreateAlarm(this, $"SessionStoreNode{n}ReplicationLag",
                        Above(1, 3, $"Session store node {n}: replica more than 1 s behind the primary")));
                }
            }
        }

        var balancerMetrics = new List<IMetric>();
        if (props.SipLoadBalancer is { } nlb)
        {
            foreach (var group in new[] { nlb.SipTargetGroup, nlb.TlsTargetGroup }.OfType<Amazon.CDK.AWS.ElasticLoadBalancingV2.NetworkTargetGroup>())
            {
                var unhealthy = group.Metrics.UnHealthyHostCount(new MetricOptions { Period = Duration.Minutes(1), Statistic = Stats.MAXIMUM });
                balancerMetrics.Add(unhealthy);
                Watch(unhealthy.CreateAlarm(this, $"{group.Node.Id}Unhealthy", new CreateAlarmOptions
                {
                    AlarmDescription = $"SIP load balancer {group.Node.Id}: a floating address fails its TCP 5060 check (the accelerator stops sending to it too)",
                    Threshold = 1,
                    EvaluationPeriods = 2,
                    ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    TreatMissingData = TreatMissingData.NOT_BREACHING,
                }));
            }
        }

        foreach (var alarm in _alarms)
        {
            alarm.AddAlarmAction(action);
            alarm.AddOkAction(action);
        }

        Dashboard = new Dashboard(this, "Dashboard", new DashboardProps { DefaultInterval = Duration.Hours(3) });
        Dashboard.AddWidgets(new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. _alarms], Width = 24 }));
        foreach (var (left, right) in nodeGraphs.Chunk(2).Select(row => (row[0], row.Length > 1 ? row[1] : null)))
        {
            Dashboard.AddWidgets([left, .. right is null ? Array.Empty<IWidget>() : [right]]);
        }
        var services = new List<IWidget>();
        if (functions.Length > 0)
        {
            services.Add(new GraphWidget(new GraphWidgetProps
            {
                Title = "Failover automation: errors, throttles, dead letters",
                Left = functions.SelectMany(f => new IMetric[] { f.MetricErrors(), f.MetricThrottles() }).ToArray(),
                Right = props.Failover is null ? [] : [props.Failover.DeadLetterQueue.MetricApproximateNumberOfMessagesVisible()],
                Width = 8,
            }));
        }
        if (storeMetrics.Count > 0)
        {
            services.Add(new GraphWidget(new GraphWidgetProps { Title = "Session store: CPU and memory %", Left = [.. storeMetrics], Width = 8 }));
        }
        if (balancerMetrics.Count > 0)
        {
            services.Add(new GraphWidget(new GraphWidgetProps { Title = "SIP load balancer: unhealthy targets", Left = [.. balancerMetrics], Width = 8 }));
        }
        if (services.Count > 0)
        {
            Dashboard.AddWidgets([.. services]);
        }
    }

    /// <summary>The topic every alarm notifies (on ALARM and back to OK).</summary>
    public ITopic Topic { get; }

    /// <summary>Every alarm that notifies <see cref="Topic"/>.</summary>
    public IReadOnlyList<Alarm> Alarms => _alarms;

    /// <summary>The region's dashboard.</summary>
    public Dashboard Dashboard { get; }

    /// <summary>Drop reasons that are loss (hostile sources and a fenced node's drops are the relay doing its job).</summary>
    private static readonly string[] DropReasons = ["error", "no_peer", "oversize"];

    /// <summary>Kamailio core counters the node publishes per minute (see <see cref="NodeObservability"/>).</summary>
    private static readonly string[] SipCounters =
        ["rcv_requests", "rcv_replies_1xx", "rcv_replies_2xx", "rcv_replies_3xx", "rcv_replies_4xx", "rcv_replies_5xx", "rcv_replies_6xx"];

    private void Watch(Alarm alarm) => _alarms.Add(alarm);

    private static Metric MediaNode(string name, string instance, string? label, string? value, string statistic, Duration period)
    {
        var dimensions = new Dictionary<string, string> { ["InstanceId"] = instance };
        if (label is not null)
        {
            dimensions[label] = value!;
        }
        return new Metric(new MetricProps
        {
            Namespace = NodeObservability.MediaNodeNamespace,
            MetricName = name,
            DimensionsMap = dimensions,
            Statistic = statistic,
            Period = period,
        });
    }

    private static Metric Sip(string counter, string instance) => new(new MetricProps
    {
        Namespace = NodeObservability.SipNamespace,
        MetricName = counter,
        DimensionsMap = new Dictionary<string, string> { ["InstanceId"] = instance },
        Statistic = Stats.SUM,
        Period = Duration.Minutes(1),
    });

    private static MathExpression PacketLoss(string instance)
    {
        var metrics = new Dictionary<string, IMetric> { ["received"] = MediaNode("medianode_packets_received_total", instance, null, null, Stats.SUM, Duration.Minutes(5)) };
        foreach (var reason in DropReasons)
        {
            metrics[reason.Replace("_", "")] = MediaNode("medianode_packets_dropped_total", instance, "reason", reason, Stats.SUM, Duration.Minutes(5));
        }
        return new MathExpression(new MathExpressionProps
        {
            Expression = "IF(received > 0, 100 * (FILL(error, 0) + FILL(nopeer, 0) + FILL(oversize, 0)) / received, 0)",
            UsingMetrics = metrics,
            Period = Duration.Minutes(5),
            Label = "packets lost %",
        });
    }

    private static Metric Cache(string name, string cluster, string statistic) => new(new MetricProps
    {
        Namespace = "AWS/ElastiCache",
        MetricName = name,
        DimensionsMap = new Dictionary<string, string> { ["CacheClusterId"] = cluster },
        Statistic = statistic,
        Period = Duration.Minutes(1),
    });

    private static CreateAlarmOptions Threshold1(string description) => new()
    {
        AlarmDescription = description,
        Threshold = 1,
        EvaluationPeriods = 1,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        TreatMissingData = TreatMissingData.NOT_BREACHING,
    };

    private static CreateAlarmOptions Above(double threshold, double periods, string description) => new()
    {
        AlarmDescription = description,
        Threshold = threshold,
        EvaluationPeriods = periods,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
        TreatMissingData = TreatMissingData.MISSING,
    };

    private static string Validate(string id, RtcOperationsProps props)
    {
        var v = new PropsValidator(nameof(RtcOperations), id);
        if (props.Pairs is null || props.Pairs.Count == 0)
        {
            v.Fail(nameof(props.Pairs), "is empty", "at least one SbcPair");
        }
        ValidateAlarmEmail(v, props.AlarmEmail);
        v.ThrowIfAny();
        return id;
    }

    /// <summary>The check of an <c>AlarmEmail</c> prop, shared with <see cref="Route53HealthAlarms"/>.</summary>
    internal static void ValidateAlarmEmail(PropsValidator v, string? email)
    {
        if (email is not null && !PropsValidator.IsToken(email))
        {
            v.Check(email, EmailPattern().IsMatch(email), nameof(RtcOperationsProps.AlarmEmail), $"'{email}' is not an e-mail address", "one address such as oncall@example.com");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex EmailPattern();
}
