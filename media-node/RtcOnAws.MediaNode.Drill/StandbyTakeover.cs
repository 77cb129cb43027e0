using System.Diagnostics;
using RtcOnAws.MediaNode.HighAvailability;
using RtcOnAws.MediaNode.HighAvailability.Roles;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>How long after a kill the standby became active, by the standby's own transition timestamp.</summary>
public static class StandbyTakeover
{
    /// <summary>
    /// Polls <paramref name="standby"/> until it reports active (at most <paramref name="limit"/> after
    /// <paramref name="killedAt"/>) and returns the milliseconds from the kill to its own transition time (same
    /// clock: polling only tells that it is active by now), or -1 when it did not become active in time.
    /// </summary>
    public static async Task<double> MeasureAsync(NodeProbe standby, long killedAt, DateTime killedAtUtc, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(standby);
        while (Stopwatch.GetElapsedTime(killedAt) < limit)
        {
            var metrics = await standby.MetricsAsync(cancellationToken).ConfigureAwait(false);
            if (NodeProbe.Sample(metrics, $"medianode_ha_role{{role=\"{HighAvailabilityMetrics.Name(NodeRole.Active)}\"}}") == 1
                && NodeProbe.Sample(metrics, "medianode_ha_last_transition_timestamp_seconds") is { } becameActive)
            {
                return (TimeSpan.FromSeconds(becameActive) - (killedAtUtc - DateTime.UnixEpoch)).TotalMilliseconds;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        return -1;
    }
}
