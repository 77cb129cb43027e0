using Amazon.CDK;

namespace RtcOnAws.Constructs.Validation;

/// <summary>
/// The limits Route 53 and Global Accelerator share for health checks: an interval of 10 or 30 seconds and a
/// failure threshold of 1 to 10 consecutive checks.
/// </summary>
internal static class HealthCheckRules
{
    public static void CheckInterval(PropsValidator v, Duration? interval, string prop)
    {
        if (interval is { } value && !value.IsUnresolved())
        {
            var seconds = PropsValidator.Seconds(value);
            v.Check(seconds, seconds is 10 or 30, prop, $"{PropsValidator.Format(seconds)} s is not a health-check interval", "10 or 30 seconds");
        }
    }

    public static void CheckThreshold(PropsValidator v, double? threshold, string prop) => v.CheckRange(threshold, 1, 10, prop);
}
