using RtcOnAws.Aws.Route53;
using RtcOnAws.Aws.Route53.Model;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>Reads and rewrites whole value sets of simple Route 53 records in one hosted zone.</summary>
internal sealed class RecordSets(IAmazonRoute53 route53, string hostedZoneId)
{
    public static string Normalize(string name) => name.EndsWith('.') ? name.ToLowerInvariant() : name.ToLowerInvariant() + ".";

    /// <summary>The record set with exactly this name and type, or null.</summary>
    public async Task<ResourceRecordSet?> GetAsync(string name, string type, CancellationToken cancellationToken)
    {
        var page = await route53.ListResourceRecordSetsAsync(new ListResourceRecordSetsRequest
        {
            HostedZoneId = hostedZoneId,
            StartRecordName = name,
            StartRecordType = type,
            MaxItems = 1,
        }, cancellationToken).ConfigureAwait(false);
        return page.ResourceRecordSets.FirstOrDefault(r => Normalize(r.Name ?? "") == Normalize(name) && r.Type == type && r.SetIdentifier is null);
    }

    /// <summary>Every record set of the zone (all pages).</summary>
    public async Task<List<ResourceRecordSet>> ListAllAsync(CancellationToken cancellationToken)
    {
        var all = new List<ResourceRecordSet>();
        var request = new ListResourceRecordSetsRequest { HostedZoneId = hostedZoneId };
        while (true)
        {
            var page = await route53.ListResourceRecordSetsAsync(request, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.ResourceRecordSets);
            if (!page.IsTruncated)
            {
                return all;
            }

            request = new ListResourceRecordSetsRequest
            {
                HostedZoneId = hostedZoneId,
                StartRecordName = page.NextRecordName,
                StartRecordType = page.NextRecordType,
                StartRecordIdentifier = page.NextRecordIdentifier,
            };
        }
    }

    public static SortedSet<string> Values(ResourceRecordSet? record) =>
        new(record?.ResourceRecords.Select(r => r.Value).OfType<string>() ?? [], StringComparer.Ordinal);

    /// <summary>
    /// Makes the record hold exactly <paramref name="desired"/>: UPSERT, or DELETE of the current set when nothing is
    /// left (Route 53 has no empty record). Returns the change id, or null when nothing had to change.
    /// </summary>
    public async Task<string?> ReplaceAsync(string name, string type, ResourceRecordSet? current, SortedSet<string> desired, long ttl, CancellationToken cancellationToken)
    {
        if (Values(current).SetEquals(desired) && (desired.Count == 0 || current?.TTL == ttl))
        {
            return null;
        }

        Change change;
        if (desired.Count == 0)
        {
            change = new Change(ChangeAction.Delete, current!);
        }
        else
        {
            change = new Change(ChangeAction.Upsert, new ResourceRecordSet
            {
                Name = name,
                Type = type,
                TTL = ttl,
                ResourceRecords = desired.Select(v => new ResourceRecord(v)).ToList(),
            });
        }

        var response = await route53.ChangeResourceRecordSetsAsync(new ChangeResourceRecordSetsRequest
        {
            HostedZoneId = hostedZoneId,
            ChangeBatch = new ChangeBatch { Comment = $"rtconaws lifecycle-dns {type} {name}", Changes = [change] },
        }, cancellationToken).ConfigureAwait(false);
        return response.ChangeInfo?.Id;
    }
}
