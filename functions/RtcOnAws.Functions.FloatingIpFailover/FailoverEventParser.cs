using RtcOnAws.Failover;
using RtcOnAws.Functions.FloatingIpFailover.Events;
using RtcOnAws.Lambda.Runtime;
using static RtcOnAws.Functions.EventFields;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>
/// Turns an event document into a <see cref="FailoverRequest"/> without touching AWS, so that malformed or unknown
/// events fail with <see cref="InvalidEventException"/> before anything is read or changed.
/// </summary>
internal static class FailoverEventParser
{
    public const string AlarmStateChange = "CloudWatch Alarm State Change";
    public const string InstanceStateChange = "EC2 Instance State-change Notification";

    public static FailoverRequest Parse(ReadOnlySpan<byte> payload)
    {
        var incoming = Envelope(payload, FailoverJsonContext.Default.IncomingEvent, "an EventBridge event or {\"pair\":\"...\",\"reason\":\"...\"}");

        return incoming switch
        {
            { DetailType: AlarmStateChange } => ParseAlarm(RequireSource(incoming, "aws.cloudwatch")),
            { DetailType: InstanceStateChange } => ParseInstanceState(RequireSource(incoming, "aws.ec2")),
            { DetailType: { } other } => throw new InvalidEventException(
                $"detail-type '{other}' is not handled; expected '{AlarmStateChange}', '{InstanceStateChange}' or a direct invoke {{\"pair\":\"...\",\"reason\":\"...\"}}"),
            { Pair: { } pair } => ParseDirect(pair, incoming.Reason),
            _ => throw new InvalidEventException(
                $"the event has neither 'detail-type' nor 'pair'; expected '{AlarmStateChange}', '{InstanceStateChange}' or {{\"pair\":\"...\",\"reason\":\"...\"}}"),
        };
    }

    private static FailoverRequest ParseAlarm(IncomingEvent incoming)
    {
        var detail = Detail(incoming, FailoverJsonContext.Default.AlarmStateChangeDetail);
        var alarm = Require(detail.AlarmName, "detail.alarmName");
        var state = Require(detail.State?.Value, "detail.state.value");
        var instanceIds = (detail.Configuration?.Metrics ?? [])
            .Select(m => m.MetricStat?.Metric?.Dimensions is { } d && d.TryGetValue("InstanceId", out var id) ? id : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (instanceIds.Count != 1)
        {
            throw new InvalidEventException(
                $"detail.configuration.metrics[].metricStat.metric.dimensions.InstanceId must name exactly one instance, found {instanceIds.Count}; alarm '{alarm}' must watch one node");
        }

        var instanceId = RequireInstanceId(instanceIds[0], "detail.configuration.metrics[].metricStat.metric.dimensions.InstanceId");
        var reason = $"alarm {alarm} is {state}";
        return state switch
        {
            "ALARM" => new FailoverRequest(instanceId, null, new FailoverTrigger(TriggerKind.NodeFailed, instanceId, reason), alarm, null),
            "OK" => new FailoverRequest(instanceId, null, new FailoverTrigger(TriggerKind.NodeRecovered, instanceId, reason), alarm, null),
            "INSUFFICIENT_DATA" => new FailoverRequest(instanceId, null, null, null,
                $"alarm {alarm} has INSUFFICIENT_DATA, which is not a failure signal (set TreatMissingData=breaching to fail on silence)"),
            _ => throw new InvalidEventException($"detail.state.value must be ALARM, OK or INSUFFICIENT_DATA, got '{state}'"),
        };
    }

    private static FailoverRequest ParseInstanceState(IncomingEvent incoming)
    {
        var detail = Detail(incoming, FailoverJsonContext.Default.InstanceStateChangeDetail);
        var instanceId = RequireInstanceId(detail.InstanceId, "detail.instance-id");
        var state = Require(detail.State, "detail.state");
        var reason = $"instance {instanceId} is {state}";
        return state switch
        {
            "stopping" or "stopped" or "shutting-down" or "terminated" =>
                new FailoverRequest(instanceId, null, new FailoverTrigger(TriggerKind.NodeFailed, instanceId, reason), null, null),
            "running" => new FailoverRequest(instanceId, null, new FailoverTrigger(TriggerKind.NodeRecovered, instanceId, reason), null, null),
            "pending" => new FailoverRequest(instanceId, null, null, null, $"instance {instanceId} is pending; nothing to decide until it runs or fails"),
            _ => throw new InvalidEventException(
                $"detail.state must be one of pending, running, stopping, stopped, shutting-down, terminated; got '{state}'"),
        };
    }

    private static FailoverRequest ParseDirect(string pair, string? reason)
    {
        if (string.IsNullOrWhiteSpace(pair) || pair.Length > 255)
        {
            throw new InvalidEventException("'pair' must be a non-empty pair name of at most 255 characters (the value of the rtconaws:pair tag)");
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "manual failover" : $"manual failover: {reason}";
        return new FailoverRequest(null, pair, new FailoverTrigger(TriggerKind.Manual, null, why), null, null);
    }

}
