using RtcOnAws.Failover;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>The function's settings, from environment variables (documented in docs/functions.md).</summary>
internal sealed record FailoverSettings(TimeSpan AntiFlapWindow, TimeSpan RemapPollInterval)
{
    public const string AntiFlapVariable = "RTCONAWS_ANTI_FLAP_SECONDS";
    public const string PollVariable = "RTCONAWS_REMAP_POLL_MS";

    public static FailoverSettings FromEnvironment() => new(
        TimeSpan.FromSeconds(EnvironmentSettings.Integer(AntiFlapVariable, (int)FailoverPolicy.DefaultAntiFlapWindow.TotalSeconds, 0, 86_400)),
        EnvironmentSettings.Milliseconds(PollVariable, 250, 10, 10_000));
}
