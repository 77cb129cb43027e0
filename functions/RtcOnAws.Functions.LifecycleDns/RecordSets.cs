using RtcOnAws.Aws;
using RtcOnAws.Aws.Route53;
using RtcOnAws.Aws.Route53.Model;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>
/// Reads and rewrites whole value sets of simple Route 53 records in one hosted zone by compare-and-swap: one change
/// batch DELETEs the record exactly as it was read and CREATEs the new one. Route 53 applies a batch atomically and
/// rejects it (InvalidChangeBatch) when the DELETE no longer matches, so a concurrent writer's update is never
/// overwritten: the loser reads again and retries with jittered backoff, a bounded number of times.
/// </summary>
internal sealed class RecordSets(IAmazonRoute53 route53, string hostedZoneId, AwsRetryOptions conflictRetry, TimeProvider time)
{
    private const string InvalidChangeBatch = "InvalidChangeBatch";

    public static string Normalize(string name) => name.EndsWith('.') ? name.ToLowerInvariant() : name.ToLowerInvariant() + ".";

    public static SortedSet<string> Values(ResourceRecordSet? record) =>
        new(record?.ResourceRecords.Select(r => r.Value).OfType<string>() ?? [], StringComparer.Ordinal);

    /// <summary>The record set with exactly this name and type (simple routing), or null.</summary>
    public async Task<ResourceRecordSet?> GetAsync(string name, string type, CancellationToken cancellationToken)
    {
        var page = await route53.ListResourceRecordSetsAsync(new ListResourceRecordSetsRequest
        {
            HostedZoneId = hostedZoneId,
            StartRecordName = name,
            StartRecordType = type,
            MaxItems = 1,
        }, cancellationToken).ConfigureAwait(false);
        return Find(page.ResourceRecordSets, name, type);
    }

    /// <summary>The simple record set with this name and type in <paramref name="records"/>, or null.</summary>
    public static ResourceRecordSet? Find(IEnumerable<ResourceRecordSet> records, string name, string type) =>
        records.FirstOrDefault(r => Normalize(r.Name ?? "") == Normalize(name) && r.Type == type && r.SetIdentifier is null);

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

    /// <summary>
    /// Reads with <paramref name="read"/> (the record as it is and the values it should hold), swaps, and repeats until a
    /// read shows the record holding the desired values with <paramref name="ttl"/> (no record when nothing is desired).
    /// Ending on a read, not on a write, also converges records derived from other records (SRV from the A records): a
    /// swap computed from a stale view is corrected by the writer's own next read. Returns the values of that last read.
    /// </summary>
    /// <exception cref="RecordSetConflictException">More swaps than <see cref="AwsRetryOptions.MaxAttempts"/> were rejected,
    /// or the next backoff would end after the ambient <see cref="AwsDeadline"/>.</exception>
    public async Task<SortedSet<string>> ConvergeAsync(
        string name,
        string type,
        long ttl,
        Func<CancellationToken, Task<(ResourceRecordSet? Current, SortedSet<string> Desired)>> read,
        List<string> changeIds,
        CancellationToken cancellationToken)
    {
        AwsServiceException? lastRejection = null;
        var rejections = 0;
        while (true)
        {
            var (current, desired) = await read(cancellationToken).ConfigureAwait(false);
            if (Holds(current, desired, ttl))
            {
                return desired;
            }

            if (rejections >= conflictRetry.MaxAttempts)
            {
                throw new RecordSetConflictException(name, type, rejections, lastRejection);
            }

            try
            {
                changeIds.Add(await SwapAsync(name, type, current, desired, ttl, cancellationToken).ConfigureAwait(false));
                continue;
            }
            catch (AwsServiceException e) when (e.ErrorCode == InvalidChangeBatch)
            {
                lastRejection = e;
                rejections++;
            }

            var delay = AwsBackoff.FullJitter(rejections, conflictRetry);
            if (AwsDeadline.Current is { } deadline && time.GetUtcNow() + delay >= deadline)
            {
                throw new RecordSetConflictException(name, type, rejections, lastRejection);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Holds(ResourceRecordSet? current, SortedSet<string> desired, long ttl) =>
        desired.Count == 0 ? current is null : current?.TTL == ttl && Values(current).SetEquals(desired);

    /// <summary>
    /// One atomic batch: DELETE <paramref name="current"/> exactly as read (TTL, values and every other field), CREATE the
    /// desired set. CREATE alone when no record exists (it fails if one appeared meanwhile), DELETE alone when the last
    /// value goes. Returns the change id.
    /// </summary>
    private async Task<string> SwapAsync(string name, string type, ResourceRecordSet? current, SortedSet<string> desired, long ttl, CancellationToken cancellationToken)
    {
        var changes = new List<Change>(2);
        if (current is not null)
        {
            changes.Add(new Change(ChangeAction.Delete, current));
        }

        if (desired.Count > 0)
        {
            changes.Add(new Change(ChangeAction.Create, new ResourceRecordSet
            {
                Name = name,
                Type = type,
                TTL = ttl,
                ResourceRecords = desired.Select(v => new ResourceRecord(v)).ToList(),
            }));
        }

        var response = await route53.ChangeResourceRecordSetsAsync(new ChangeResourceRecordSetsRequest
        {
            HostedZoneId = hostedZoneId,
            ChangeBatch = new ChangeBatch { Comment = $"rtconaws lifecycle-dns {type} {name}", Changes = changes },
        }, cancellationToken).ConfigureAwait(false);
        return response.ChangeInfo?.Id ?? throw new InvalidOperationException($"Route 53 accepted the change of {name} {type} without a change id");
    }
}
