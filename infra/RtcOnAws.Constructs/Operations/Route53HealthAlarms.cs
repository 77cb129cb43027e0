using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SNS;
using Constructs;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Operations;

/// <summary>
/// Pages when a Route 53 health check (an AZ's SIP health answer) reads unhealthy. Route 53 publishes
/// <c>AWS/Route53 HealthCheckStatus</c> only in us-east-1 and an alarm notifies only a topic of its own region, so this
/// construct belongs in a stack in us-east-1, with its own topic. In a stack whose region is not known at synth, every
/// resource is created only when the stack is deployed to us-east-1 (a CloudFormation condition), and synth warns.
/// </summary>
public sealed class Route53HealthAlarms : Construct
{
    /// <summary>The only region with Route 53 health-check metrics.</summary>
    public const string MetricsRegion = "us-east-1";

    private const string ConditionId = "InRoute53MetricsRegion";

    /// <summary>Creates the topic and one alarm per health check.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct id.</param>
    /// <param name="props">Props.</param>
    /// <exception cref="RtcPropsValidationException">A prop is invalid, or the stack is in another region than us-east-1.</exception>
    public Route53HealthAlarms(Construct scope, string id, Route53HealthAlarmsProps props)
        : base(scope, Validate(id, props, Stack.Of(scope).Region))
    {
        var region = Stack.Of(this).Region;
        Topic = OperatorTopic.Create(this, props.Topic, "RtcOnAws Route 53 health alarms", props.AlarmEmail);

        var action = new SnsAction(Topic);
        var alarms = new List<Alarm>();
        foreach (var (label, check) in props.HealthChecks)
        {
            var alarm = new Alarm(this, $"Unhealthy{string.Concat(label.Split('-', '.').Select(p => p.Length > 0 ? char.ToUpperInvariant(p[0]) + p[1..] : p))}", new AlarmProps
            {
                AlarmDescription = $"Route 53 health check of {label} is unhealthy: its SIP health answer failed (node down, standby or fenced on the floating address, or Kamailio down)",
                Metric = new Metric(new MetricProps
                {
                    Namespace = "AWS/Route53",
                    MetricName = "HealthCheckStatus",
                    DimensionsMap = new Dictionary<string, string> { ["HealthCheckId"] = check.AttrHealthCheckId },
                    Statistic = Stats.MINIMUM,
                    Period = Duration.Minutes(1),
                }),
                Threshold = 1,
                EvaluationPeriods = props.EvaluationMinutes ?? 2,
                ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
                // Route 53 publishes every minute for a live check: silence means the check or its metrics are gone.
                TreatMissingData = TreatMissingData.BREACHING,
            });
            alarm.AddAlarmAction(action);
            alarm.AddOkAction(action);
            alarms.Add(alarm);
        }
        Alarms = alarms;

        if (Token.IsUnresolved(region))
        {
            var inMetricsRegion = new CfnCondition(this, ConditionId, new CfnConditionProps
            {
                Expression = Fn.ConditionEquals(Aws.REGION, MetricsRegion),
            });
            foreach (var resource in Node.FindAll().OfType<CfnResource>())
            {
                resource.CfnOptions.Condition = inMetricsRegion;
            }
            Annotations.Of(this).AddWarningV2("@rtconaws/constructs:route53AlarmsOnlyInUsEast1",
                "Route 53 health-check alarms in a stack without a region: they are created only if the stack is deployed to us-east-1, where Route 53 publishes its metrics. Set the app's regions to get them from a us-east-1 stack of their own.");
        }
    }

    /// <summary>The topic the alarms notify (in us-east-1).</summary>
    public ITopic Topic { get; }

    /// <summary>One alarm per health check, in the order of <see cref="Route53HealthAlarmsProps.HealthChecks"/>.</summary>
    public IReadOnlyList<Alarm> Alarms { get; }

    private static string Validate(string id, Route53HealthAlarmsProps props, string region)
    {
        var v = new PropsValidator(nameof(Route53HealthAlarms), id);
        if (props.HealthChecks is null || props.HealthChecks.Count == 0)
        {
            v.Fail(nameof(props.HealthChecks), "is empty", "at least one Route 53 health check");
        }
        if (!Token.IsUnresolved(region) && region != MetricsRegion)
        {
            v.Fail("stack region", $"is {region}, where Route 53 publishes no health-check metrics", $"a stack in {MetricsRegion} (or one without a region, deployed there)");
        }
        if (props.EvaluationMinutes is { } minutes)
        {
            v.CheckRange(minutes, 1, 60, nameof(props.EvaluationMinutes));
        }
        RtcOperations.ValidateAlarmEmail(v, props.AlarmEmail);
        v.ThrowIfAny();
        return id;
    }
}
