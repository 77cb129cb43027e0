using System.Globalization;
using System.Xml.Linq;
using RtcOnAws.Aws.Route53.Model;

namespace RtcOnAws.Aws.Route53;

/// <summary>Writes Route 53 request bodies (element names from botocore's route53 2013-04-01 shapes).</summary>
internal static class Route53XmlWriter
{
    public static string ChangeResourceRecordSets(ChangeBatch batch)
    {
        var ns = AmazonRoute53Client.Namespace;
        var changes = new XElement(ns + "Changes");
        for (var i = 0; i < batch.Changes.Count; i++)
        {
            var change = batch.Changes[i];
            if (change.Action is not (ChangeAction.Create or ChangeAction.Delete or ChangeAction.Upsert))
                throw new ArgumentException($"ChangeBatch.Changes[{i}].Action is \"{change.Action}\"; allowed: CREATE, DELETE, UPSERT.", nameof(batch));
            var set = change.ResourceRecordSet
                      ?? throw new ArgumentException($"ChangeBatch.Changes[{i}].ResourceRecordSet is required.", nameof(batch));
            if (string.IsNullOrWhiteSpace(set.Name) || string.IsNullOrWhiteSpace(set.Type))
                throw new ArgumentException($"ChangeBatch.Changes[{i}].ResourceRecordSet needs Name and Type.", nameof(batch));
            changes.Add(new XElement(ns + "Change",
                new XElement(ns + "Action", change.Action),
                ResourceRecordSet(ns, set)));
        }
        var root = new XElement(ns + "ChangeResourceRecordSetsRequest",
            new XElement(ns + "ChangeBatch",
                batch.Comment is null ? null : new XElement(ns + "Comment", batch.Comment),
                changes));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Declaration + root.ToString(SaveOptions.DisableFormatting);
    }

    private static XElement ResourceRecordSet(XNamespace ns, ResourceRecordSet set) => new(ns + "ResourceRecordSet",
        new XElement(ns + "Name", set.Name),
        new XElement(ns + "Type", set.Type),
        Optional(ns, "SetIdentifier", set.SetIdentifier),
        Optional(ns, "Weight", set.Weight?.ToString(CultureInfo.InvariantCulture)),
        Optional(ns, "Region", set.Region),
        Optional(ns, "Failover", set.Failover),
        Optional(ns, "MultiValueAnswer", set.MultiValueAnswer is { } multi ? (multi ? "true" : "false") : null),
        Optional(ns, "TTL", set.TTL?.ToString(CultureInfo.InvariantCulture)),
        set.ResourceRecords.Count == 0
            ? null
            : new XElement(ns + "ResourceRecords", set.ResourceRecords.Select(r => new XElement(ns + "ResourceRecord", new XElement(ns + "Value", r.Value)))),
        set.AliasTarget is { } alias
            ? new XElement(ns + "AliasTarget",
                new XElement(ns + "HostedZoneId", alias.HostedZoneId),
                new XElement(ns + "DNSName", alias.DNSName),
                new XElement(ns + "EvaluateTargetHealth", alias.EvaluateTargetHealth ? "true" : "false"))
            : null,
        Optional(ns, "HealthCheckId", set.HealthCheckId));

    private static XElement? Optional(XNamespace ns, string name, string? value) =>
        value is null ? null : new XElement(ns + name, value);
}
