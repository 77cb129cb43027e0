using RtcOnAws.Lambda.Runtime;
using static RtcOnAws.Functions.EventFields;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>Validates an event completely before any AWS call, naming the bad field on failure.</summary>
internal static class LifecycleEventParser
{
    public const string LaunchDetailType = "EC2 Instance-launch Lifecycle Action";
    public const string TerminateDetailType = "EC2 Instance-terminate Lifecycle Action";
    public const string StateChangeDetailType = "EC2 Instance State-change Notification";
    public const string Launching = "autoscaling:EC2_INSTANCE_LAUNCHING";
    public const string Terminating = "autoscaling:EC2_INSTANCE_TERMINATING";

    public static DnsRequest Parse(ReadOnlySpan<byte> payload)
    {
        var incoming = Envelope(payload, LifecycleJsonContext.Default.EventBridgeEvent, "an Auto Scaling lifecycle action or EC2 state-change event from EventBridge");

        return incoming.DetailType switch
        {
            LaunchDetailType or TerminateDetailType => ParseLifecycle(RequireSource(incoming, "aws.autoscaling")),
            StateChangeDetailType => ParseStateChange(RequireSource(incoming, "aws.ec2")),
            var other => throw new InvalidEventException(
                $"detail-type must be '{LaunchDetailType}', '{TerminateDetailType}' or '{StateChangeDetailType}', got '{other ?? "(missing)"}'"),
        };
    }

    private static DnsRequest ParseLifecycle(EventBridgeEvent incoming)
    {
        var detail = Detail(incoming, LifecycleJsonContext.Default.LifecycleActionDetail);
        var transition = Require(detail.LifecycleTransition, "detail.LifecycleTransition");
        var isLaunch = transition switch
        {
            Launching => true,
            Terminating => false,
            _ => throw new InvalidEventException($"detail.LifecycleTransition must be {Launching} or {Terminating}, got '{transition}'"),
        };
        if (isLaunch != (incoming.DetailType == LaunchDetailType))
        {
            throw new InvalidEventException($"detail.LifecycleTransition {transition} does not match detail-type '{incoming.DetailType}'");
        }

        var instanceId = RequireInstanceId(detail.Ec2InstanceId, "detail.EC2InstanceId");
        var action = new LifecycleAction(
            instanceId,
            Require(detail.AutoScalingGroupName, "detail.AutoScalingGroupName"),
            Require(detail.LifecycleHookName, "detail.LifecycleHookName"),
            string.IsNullOrWhiteSpace(detail.LifecycleActionToken) ? null : detail.LifecycleActionToken);
        return new DnsRequest(instanceId, isLaunch ? DnsIntent.Add : DnsIntent.Remove, isLaunch ? "launch" : "terminate", action);
    }

    private static DnsRequest ParseStateChange(EventBridgeEvent incoming)
    {
        var detail = Detail(incoming, LifecycleJsonContext.Default.InstanceStateChangeDetail);
        var instanceId = RequireInstanceId(detail.InstanceId, "detail.instance-id");
        var state = Require(detail.State, "detail.state");
        var intent = state switch
        {
            "stopping" or "stopped" or "shutting-down" or "terminated" => DnsIntent.Remove,
            "running" => DnsIntent.AddIfAutoScaled,
            "pending" => DnsIntent.Ignore,
            _ => throw new InvalidEventException($"detail.state must be one of pending, running, stopping, stopped, shutting-down, terminated; got '{state}'"),
        };
        return new DnsRequest(instanceId, intent, state, null);
    }

}
