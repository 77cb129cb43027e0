namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>What the DNS part of an event did.</summary>
internal sealed record DnsOutcome(string? Record, string? Address, SortedSet<string> Values, List<string> SrvTargets, string Message)
{
    public static DnsOutcome Unchanged(string message) => new(null, null, new SortedSet<string>(StringComparer.Ordinal), [], message);
}
