using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.SNS;

namespace RtcOnAws.Constructs.Operations;

/// <summary>Props of <see cref="Route53HealthAlarms"/>.</summary>
public sealed class Route53HealthAlarmsProps
{
    /// <summary>The Route 53 health checks to alarm on, by a label that names each in its alarm (for example the AZ's host name); at least one. Required.</summary>
    public required IReadOnlyDictionary<string, CfnHealthCheck> HealthChecks { get; init; }

    /// <summary>Topic the alarms notify; it must be in us-east-1, where the alarms are.</summary>
    /// <remarks>Default: a new topic (TLS-only publishing).</remarks>
    public ITopic? Topic { get; init; }

    /// <summary>E-mail address subscribed to the topic (the operator's, as for <see cref="RtcOperationsProps.AlarmEmail"/>).</summary>
    /// <remarks>Default: none, nobody is subscribed.</remarks>
    public string? AlarmEmail { get; init; }

    /// <summary>Consecutive unhealthy minutes before an alarm fires, 1-60.</summary>
    /// <remarks>Default: 2.</remarks>
    public double? EvaluationMinutes { get; init; }
}
