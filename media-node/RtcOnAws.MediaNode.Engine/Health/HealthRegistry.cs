namespace RtcOnAws.MediaNode.Engine.Health;

/// <summary>
/// Named health checks behind <c>/health</c>: the node is healthy only when every check is. The engine registers
/// its ng socket and relay loops; the HA layer can add its role and lease.
/// </summary>
public sealed class HealthRegistry
{
    private readonly List<(string Name, Func<HealthStatus> Check)> _checks = [];
    private readonly Lock _gate = new();

    /// <summary>Adds a check; <paramref name="check"/> must be fast and must not throw.</summary>
    public void Add(string name, Func<HealthStatus> check)
    {
        lock (_gate)
        {
            _checks.Add((name, check));
        }
    }

    /// <summary>Runs every check (a throwing check counts as unhealthy).</summary>
    public IReadOnlyList<(string Name, HealthStatus Status)> Evaluate()
    {
        (string Name, Func<HealthStatus> Check)[] checks;
        lock (_gate)
        {
            checks = [.. _checks];
        }

        return checks.Select(c =>
        {
            try
            {
                return (c.Name, c.Check());
            }
            catch (Exception exception)
            {
                return (c.Name, new HealthStatus(false, $"check failed: {exception.Message}"));
            }
        }).ToArray();
    }
}
