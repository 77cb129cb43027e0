using System.Text.Json;
using RtcOnAws.Lambda.Runtime;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>Validates a lifecycle event completely before any AWS call, naming the bad field on failure.</summary>
internal static class LifecycleEventParser
{
    public const string LaunchDetailType = "EC2 Instance-launch Lifecycle Action";
    public const string TerminateDetailType = "EC2 Instance-terminate Lifecycle Action";
    public const string Launching = "autoscaling:EC2_INSTANCE_LAUNCHING";
    public const string Terminating = "autoscaling:EC2_INSTANCE_TERMINATING";

    public static LifecycleAction Parse(ReadOnlySpan<byte> payload)
    {
        LifecycleEvent incoming;
        try
        {
            incoming = JsonSerializer.Deserialize(payload, LifecycleJsonContext.Default.LifecycleEvent)
                ?? throw new InvalidEventException("the event is JSON null; expected an Auto Scaling lifecycle action event from EventBridge");
        }
        catch (JsonException e)
        {
            throw new InvalidEventException($"the event is not a JSON object of the expected shape: {e.Message}", e);
        }

        if (incoming.DetailType is not (LaunchDetailType or TerminateDetailType))
        {
            throw new InvalidEventException(
                $"detail-type must be '{LaunchDetailType}' or '{TerminateDetailType}', got '{incoming.DetailType ?? "(missing)"}'");
        }

        var detail = incoming.Detail ?? throw new InvalidEventException("detail is missing");
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

        var instanceId = Require(detail.Ec2InstanceId, "detail.EC2InstanceId");
        if (!instanceId.StartsWith("i-", StringComparison.Ordinal) || instanceId.Length > 32 || !instanceId.Skip(2).All(char.IsAsciiLetterOrDigit))
        {
            throw new InvalidEventException($"detail.EC2InstanceId must be an EC2 instance id like i-0123456789abcdef0, got '{instanceId}'");
        }

        return new LifecycleAction(
            isLaunch,
            instanceId,
            Require(detail.AutoScalingGroupName, "detail.AutoScalingGroupName"),
            Require(detail.LifecycleHookName, "detail.LifecycleHookName"),
            string.IsNullOrWhiteSpace(detail.LifecycleActionToken) ? null : detail.LifecycleActionToken);
    }

    private static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidEventException($"{field} is missing or empty") : value;
}
