using System.Globalization;
using System.Net;
using System.Xml.Linq;
using RtcOnAws.AwsSimulator.Http;

namespace RtcOnAws.AwsSimulator.Route53;

/// <summary>The Route 53 REST/XML operations, shapes from botocore's route53 2013-04-01.</summary>
public sealed partial class SimulatedRoute53
{
    internal static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    private static readonly HashSet<string> RecordTypes = new(StringComparer.Ordinal)
    {
        "SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA", "DS", "TLSA", "SSHFP", "SVCB", "HTTPS",
    };

    /// <summary>Maps a method and path to an operation name, or null when it is not one we serve.</summary>
    internal static string? Operation(string method, string path)
    {
        var parts = path.Trim('/').Split('/');
        return (method, parts) switch
        {
            ("POST", ["2013-04-01", "hostedzone", _, "rrset"]) => "ChangeResourceRecordSets",
            ("GET", ["2013-04-01", "hostedzone", _, "rrset"]) => "ListResourceRecordSets",
            ("GET", ["2013-04-01", "change", _]) => "GetChange",
            _ => null,
        };
    }

    internal XElement Execute(string operation, string path, QueryParams query, byte[] body)
    {
        var parts = path.Trim('/').Split('/');
        lock (_lock)
        {
            return operation switch
            {
                "ChangeResourceRecordSets" => ChangeResourceRecordSets(Uri.UnescapeDataString(parts[2]), body),
                "ListResourceRecordSets" => ListResourceRecordSets(Uri.UnescapeDataString(parts[2]), query),
                "GetChange" => GetChange(Uri.UnescapeDataString(parts[2])),
                _ => throw new SimulatorException("InvalidAction", $"Unknown operation {operation}"),
            };
        }
    }

    private XElement ChangeResourceRecordSets(string zoneId, byte[] body)
    {
        BeforeEachChangeBatch?.Invoke();
        var zone = ZoneOrError(zoneId);
        XElement root;
        try
        {
            using var stream = new MemoryStream(body);
            root = XDocument.Load(stream).Root ?? throw new SimulatorException("InvalidInput", "Empty request body");
        }
        catch (System.Xml.XmlException ex)
        {
            throw new SimulatorException("InvalidInput", $"Could not parse the request body: {ex.Message}");
        }
        if (root.Name != Ns + "ChangeResourceRecordSetsRequest")
            throw new SimulatorException("InvalidInput", $"Expected ChangeResourceRecordSetsRequest in namespace {Ns}, got {root.Name}");
        var batch = root.Element(Ns + "ChangeBatch") ?? throw new SimulatorException("InvalidInput", "ChangeBatch is required");
        var comment = batch.Element(Ns + "Comment")?.Value;
        var changes = batch.Element(Ns + "Changes")?.Elements(Ns + "Change").ToList() ?? [];
        if (changes.Count == 0) throw new SimulatorException("InvalidInput", "1 validation error detected: Value null at 'changeBatch.changes' failed to satisfy constraint: Member must not be null");

        // Every change is checked against the zone as the changes before it in the batch left it; the zone is replaced
        // only when all of them pass, so a batch is atomic (the compare-and-swap DELETE+CREATE relies on it).
        var working = new Dictionary<(string, string, string), SimRecordSet>(zone.Sets);
        var earlier = new Dictionary<(string, string, string), string>();
        var errors = new List<string>();
        var summary = new List<string>();
        foreach (var change in changes)
        {
            var action = change.Element(Ns + "Action")?.Value ?? "";
            var set = ParseRecordSet(change.Element(Ns + "ResourceRecordSet") ?? throw new SimulatorException("InvalidInput", "ResourceRecordSet is required"));
            if (action is not ("CREATE" or "DELETE" or "UPSERT"))
                throw new SimulatorException("InvalidInput", $"1 validation error detected: Value '{action}' at 'changeBatch.changes.1.member.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]");
            Validate(zone, set, errors);
            var key = (set.Name, set.Type, set.SetIdentifier ?? "");
            var label = $"[name='{set.Name}', type='{set.Type}'{(set.SetIdentifier is null ? "" : $", set-identifier='{set.SetIdentifier}'")}]";
            // One record set may appear twice in a batch only as a DELETE followed by a CREATE (replace).
            if (earlier.TryGetValue(key, out var before) && !(before == "DELETE" && action == "CREATE"))
                errors.Add($"The request contains an invalid set of changes for a resource record set '{set.Type} {set.Name}'");
            earlier[key] = action;
            working.TryGetValue(key, out var existing);
            switch (action)
            {
                case "CREATE" when existing is not null:
                    errors.Add($"Tried to create resource record set {label} but it already exists");
                    break;
                case "DELETE" when existing is null:
                    errors.Add($"Tried to delete resource record set {label} but it was not found");
                    break;
                case "DELETE" when !SameContent(existing, set):
                    errors.Add($"Tried to delete resource record set {label} but the values provided do not match the current values");
                    break;
                case "DELETE":
                    working.Remove(key);
                    break;
                default:
                    if (set.SetIdentifier is null && working.Keys.Any(k => k.Item1 == set.Name && k.Item2 == set.Type && k.Item3 != ""))
                        errors.Add($"RRSet {label} cannot be created because a non-simple routing record with the same name and type exists");
                    working[key] = set;
                    break;
            }
            summary.Add($"{action} {set.Name} {set.Type}{(set.SetIdentifier is null ? "" : " " + set.SetIdentifier)}");
        }
        // Route 53 lists every problem of the batch in one message: "[first, second]".
        if (errors.Count > 0) throw new SimulatorException("InvalidChangeBatch", "[" + string.Join(", ", errors) + "]");
        zone.Replace(working);
        var changeRecord = new SimChange("C" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10))[..19],
            zone.Id, _time.GetUtcNow(), comment, summary);
        _changes.Add(changeRecord.Id, changeRecord);
        return new XElement(Ns + "ChangeResourceRecordSetsResponse", ChangeInfoXml(changeRecord, "PENDING"));
    }

    private XElement ListResourceRecordSets(string zoneId, QueryParams query)
    {
        var zone = ZoneOrError(zoneId);
        var startName = query.Get("name") is { } n ? NormalizeName(n) : null;
        var startType = query.Get("type");
        var startIdentifier = query.Get("identifier");
        if (startType is not null && startName is null) throw new SimulatorException("InvalidInput", "The input is not valid: type requires name");
        if (startType is not null && !RecordTypes.Contains(startType)) throw new SimulatorException("InvalidInput", $"Invalid type: {startType}");
        var maxItems = 300;
        if (query.Get("maxitems") is { } max && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out maxItems) || maxItems < 1 || maxItems > 300))
            throw new SimulatorException("InvalidInput", $"Invalid maxitems: {max}");

        var ordered = zone.Ordered().ToList();
        var startIndex = startName is null
            ? 0
            : ordered.FindIndex(s => IsAtOrAfter(s, startName, startType, startIdentifier));
        if (startIndex < 0) startIndex = ordered.Count;
        var page = ordered.Skip(startIndex).Take(maxItems).ToList();
        var next = startIndex + page.Count < ordered.Count ? ordered[startIndex + page.Count] : null;
        return new XElement(Ns + "ListResourceRecordSetsResponse",
            new XElement(Ns + "ResourceRecordSets", page.Select(RecordSetXml)),
            new XElement(Ns + "IsTruncated", next is null ? "false" : "true"),
            next is null ? null : new XElement(Ns + "NextRecordName", next.Name),
            next is null ? null : new XElement(Ns + "NextRecordType", next.Type),
            next?.SetIdentifier is null ? null : new XElement(Ns + "NextRecordIdentifier", next.SetIdentifier),
            new XElement(Ns + "MaxItems", maxItems.ToString(CultureInfo.InvariantCulture)));
    }

    private XElement GetChange(string changeId)
    {
        var id = StripPrefix(changeId, "/change/");
        var change = _changes.GetValueOrDefault(id)
                     ?? throw new SimulatorException("NoSuchChange", $"A change with the specified change ID does not exist: {id}", HttpStatusCode.NotFound);
        var status = _time.GetUtcNow() >= change.SubmittedAt + _insyncDelay ? "INSYNC" : "PENDING";
        return new XElement(Ns + "GetChangeResponse", ChangeInfoXml(change, status));
    }

    private static bool IsAtOrAfter(SimRecordSet set, string name, string? type, string? identifier)
    {
        var byName = string.CompareOrdinal(HostedZone.SortKey(set.Name), HostedZone.SortKey(name));
        if (byName != 0) return byName > 0;
        if (type is null) return true;
        var byType = string.CompareOrdinal(set.Type, type);
        if (byType != 0) return byType > 0;
        return identifier is null || string.CompareOrdinal(set.SetIdentifier ?? "", identifier) >= 0;
    }

    private static SimRecordSet ParseRecordSet(XElement e)
    {
        string? Text(string name) => e.Element(Ns + name)?.Value;
        long? Long(string name) => Text(name) is { } v
            ? long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new SimulatorException("InvalidInput", $"Invalid {name}: {v}")
            : null;
        var alias = e.Element(Ns + "AliasTarget") is { } a
            ? new SimAliasTarget(a.Element(Ns + "HostedZoneId")?.Value ?? "", NormalizeName(a.Element(Ns + "DNSName")?.Value ?? "."),
                string.Equals(a.Element(Ns + "EvaluateTargetHealth")?.Value, "true", StringComparison.OrdinalIgnoreCase))
            : null;
        var name = Text("Name") ?? throw new SimulatorException("InvalidInput", "ResourceRecordSet.Name is required");
        var type = Text("Type") ?? throw new SimulatorException("InvalidInput", "ResourceRecordSet.Type is required");
        if (!RecordTypes.Contains(type))
            throw new SimulatorException("InvalidInput", $"1 validation error detected: Value '{type}' at 'changeBatch.changes.1.member.resourceRecordSet.type' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RecordTypes)}]");
        return new SimRecordSet(
            NormalizeName(name),
            type,
            Long("TTL"),
            e.Element(Ns + "ResourceRecords")?.Elements(Ns + "ResourceRecord").Select(r => r.Element(Ns + "Value")?.Value ?? "").ToList() ?? [],
            Text("SetIdentifier"),
            Long("Weight"),
            Text("Region"),
            Text("Failover"),
            Text("MultiValueAnswer") is { } multi ? string.Equals(multi, "true", StringComparison.OrdinalIgnoreCase) : null,
            Text("HealthCheckId"),
            alias);
    }

    private static void Validate(HostedZone zone, SimRecordSet set, List<string> errors)
    {
        var label = $"[name='{set.Name}', type='{set.Type}']";
        if (set.Name != zone.Name && !set.Name.EndsWith("." + zone.Name, StringComparison.Ordinal))
            errors.Add($"RRSet with DNS name {set.Name} is not permitted in zone {zone.Name}");
        if (set.AliasTarget is null && (set.Ttl is null || set.Values.Count == 0))
            throw new SimulatorException("InvalidInput", "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with " + label);
        if (set.AliasTarget is not null && (set.Ttl is not null || set.Values.Count > 0))
            throw new SimulatorException("InvalidInput", "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change with " + label);
        if (set.Ttl is < 0 or > 2147483647) throw new SimulatorException("InvalidInput", $"TTL {set.Ttl} is out of range");
        var policies = new object?[] { set.Weight, set.Region, set.Failover, set.MultiValueAnswer }.Count(v => v is not null);
        if (policies > 1) throw new SimulatorException("InvalidInput", $"Invalid request: only one routing policy per record set in Change with {label}");
        if (policies == 1 && set.SetIdentifier is null)
            throw new SimulatorException("InvalidInput", $"Invalid request: Missing field 'SetIdentifier' in Change with {label}");
        if (policies == 0 && set.SetIdentifier is not null)
            throw new SimulatorException("InvalidInput", $"Invalid request: Missing field 'Weight', 'Region', 'Failover' or 'MultiValueAnswer' in Change with {label}");
        if (set.Failover is not (null or "PRIMARY" or "SECONDARY"))
            throw new SimulatorException("InvalidInput", $"Invalid Failover value {set.Failover}; allowed: PRIMARY, SECONDARY");
        foreach (var value in set.Values)
        {
            switch (set.Type)
            {
                case "A" when !Ec2.Ec2Addressing.IsIpv4(value):
                    errors.Add($"ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '{value}'");
                    break;
                case "SRV" when !IsSrv(value):
                    errors.Add($"SRVRDATAIllegal (Value should be in the format [priority weight port target]) encountered with '{value}'");
                    break;
            }
        }
    }

    private static bool IsSrv(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 4
               && parts.Take(3).All(p => ushort.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _))
               && parts[3].Length > 0;
    }

    private static bool SameContent(SimRecordSet a, SimRecordSet b) =>
        a.Ttl == b.Ttl && a.Values.OrderBy(v => v, StringComparer.Ordinal).SequenceEqual(b.Values.OrderBy(v => v, StringComparer.Ordinal))
                      && a.Weight == b.Weight && a.Region == b.Region && a.Failover == b.Failover
                      && a.MultiValueAnswer == b.MultiValueAnswer && a.HealthCheckId == b.HealthCheckId && a.AliasTarget == b.AliasTarget;

    private HostedZone ZoneOrError(string zoneId) => _zones.GetValueOrDefault(StripPrefix(zoneId, "/hostedzone/"))
        ?? throw new SimulatorException("NoSuchHostedZone", $"No hosted zone found with ID: {zoneId}", HttpStatusCode.NotFound);

    private static XElement ChangeInfoXml(SimChange change, string status) => new(Ns + "ChangeInfo",
        new XElement(Ns + "Id", "/change/" + change.Id),
        new XElement(Ns + "Status", status),
        new XElement(Ns + "SubmittedAt", change.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        change.Comment is null ? null : new XElement(Ns + "Comment", change.Comment));

    private static XElement RecordSetXml(SimRecordSet s) => new(Ns + "ResourceRecordSet",
        new XElement(Ns + "Name", s.Name.Replace("*", "\\052", StringComparison.Ordinal)),
        new XElement(Ns + "Type", s.Type),
        s.SetIdentifier is null ? null : new XElement(Ns + "SetIdentifier", s.SetIdentifier),
        s.Weight is null ? null : new XElement(Ns + "Weight", s.Weight.Value.ToString(CultureInfo.InvariantCulture)),
        s.Region is null ? null : new XElement(Ns + "Region", s.Region),
        s.Failover is null ? null : new XElement(Ns + "Failover", s.Failover),
        s.MultiValueAnswer is null ? null : new XElement(Ns + "MultiValueAnswer", s.MultiValueAnswer.Value ? "true" : "false"),
        s.Ttl is null ? null : new XElement(Ns + "TTL", s.Ttl.Value.ToString(CultureInfo.InvariantCulture)),
        s.Values.Count == 0 ? null : new XElement(Ns + "ResourceRecords", s.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))),
        s.AliasTarget is { } a
            ? new XElement(Ns + "AliasTarget",
                new XElement(Ns + "HostedZoneId", a.HostedZoneId),
                new XElement(Ns + "DNSName", a.DnsName),
                new XElement(Ns + "EvaluateTargetHealth", a.EvaluateTargetHealth ? "true" : "false"))
            : null,
        s.HealthCheckId is null ? null : new XElement(Ns + "HealthCheckId", s.HealthCheckId));
}
