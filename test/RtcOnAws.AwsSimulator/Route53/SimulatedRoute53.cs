using System.Security.Cryptography;

namespace RtcOnAws.AwsSimulator.Route53;

/// <summary>
/// Simulated Route 53: hosted zones with record sets (simple, weighted, latency, failover, multivalue; A, SRV, ...),
/// atomic change batches validated like Route 53 does, and change ids that go PENDING -> INSYNC after
/// <see cref="ChangeInsyncDelay"/>.
/// </summary>
public sealed partial class SimulatedRoute53
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, HostedZone> _zones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimChange> _changes = new(StringComparer.Ordinal);
    private TimeSpan _insyncDelay;

    internal SimulatedRoute53(TimeProvider time) => _time = time;

    /// <summary>How long a change stays PENDING. Default: none (INSYNC on the first GetChange).</summary>
    public TimeSpan ChangeInsyncDelay
    {
        get { lock (_lock) return _insyncDelay; }
        set { lock (_lock) _insyncDelay = value; }
    }

    /// <summary>
    /// Runs just before every ChangeResourceRecordSets batch is checked, inside the simulator's lock: a stand-in for a
    /// concurrent writer whose change always commits first (e.g. it rewrites the record the batch is about to DELETE).
    /// Default: none.
    /// </summary>
    public Action? BeforeEachChangeBatch { get; set; }

    /// <summary>Creates a public hosted zone with its SOA and NS record sets. Returns the zone id ("Z...").</summary>
    public string AddHostedZone(string name, string? zoneId = null)
    {
        var zoneName = NormalizeName(name);
        var id = zoneId ?? "Z" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10))[..19];
        lock (_lock)
        {
            if (_zones.ContainsKey(id)) throw new ArgumentException($"Hosted zone {id} already exists.", nameof(zoneId));
            var zone = new HostedZone(id, zoneName);
            var ns = new[] { "ns-1.awsdns-01.org.", "ns-2.awsdns-02.co.uk.", "ns-3.awsdns-03.com.", "ns-4.awsdns-04.net." };
            zone.Put(new SimRecordSet(zoneName, "NS", 172800, ns));
            zone.Put(new SimRecordSet(zoneName, "SOA", 900, [$"{ns[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]));
            _zones.Add(id, zone);
            return id;
        }
    }

    /// <summary>Puts a record set directly (seeding, no change id).</summary>
    public void PutRecordSet(string zoneId, SimRecordSet recordSet)
    {
        lock (_lock) Zone(zoneId).Put(recordSet with { Name = NormalizeName(recordSet.Name) });
    }

    /// <summary>Every record set of a zone in Route 53's listing order.</summary>
    public IReadOnlyList<SimRecordSet> GetRecordSets(string zoneId)
    {
        lock (_lock) return Zone(zoneId).Ordered().ToList();
    }

    /// <summary>One record set, or null.</summary>
    public SimRecordSet? FindRecordSet(string zoneId, string name, string type, string? setIdentifier = null)
    {
        lock (_lock) return Zone(zoneId).Find(NormalizeName(name), type, setIdentifier);
    }

    /// <summary>Every change batch accepted so far, oldest first.</summary>
    public IReadOnlyList<SimChange> Changes
    {
        get { lock (_lock) return _changes.Values.OrderBy(c => c.SubmittedAt).ToList(); }
    }

    internal static string NormalizeName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var lower = name.Trim().ToLowerInvariant().Replace("\\052", "*", StringComparison.Ordinal);
        return lower.EndsWith('.') ? lower : lower + ".";
    }

    private HostedZone Zone(string zoneId) =>
        _zones.GetValueOrDefault(StripPrefix(zoneId, "/hostedzone/")) ?? throw new ArgumentException($"No hosted zone {zoneId}.", nameof(zoneId));

    private static string StripPrefix(string id, string prefix) => id.StartsWith(prefix, StringComparison.Ordinal) ? id[prefix.Length..] : id;

    /// <summary>A zone's record sets keyed by (name, type, set identifier).</summary>
    internal sealed class HostedZone(string id, string name)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public Dictionary<(string Name, string Type, string SetIdentifier), SimRecordSet> Sets { get; private set; } = new();

        public void Put(SimRecordSet set) => Sets[(set.Name, set.Type, set.SetIdentifier ?? "")] = set;

        public SimRecordSet? Find(string name, string type, string? setIdentifier) =>
            Sets.GetValueOrDefault((name, type, setIdentifier ?? ""));

        public void Replace(Dictionary<(string, string, string), SimRecordSet> sets) => Sets = sets;

        /// <summary>Route 53 lists by name with labels reversed (com.example.sip), then type, then set identifier.</summary>
        public IEnumerable<SimRecordSet> Ordered() => Sets.Values
            .OrderBy(s => SortKey(s.Name), StringComparer.Ordinal)
            .ThenBy(s => s.Type, StringComparer.Ordinal)
            .ThenBy(s => s.SetIdentifier ?? "", StringComparer.Ordinal);

        public static string SortKey(string name) => string.Join('.', name.TrimEnd('.').Split('.').Reverse());
    }
}
