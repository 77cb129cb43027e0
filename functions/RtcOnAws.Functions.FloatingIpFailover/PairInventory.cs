using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>Reads pairs from EC2 by tag and records decisions back onto their instances.</summary>
internal sealed class PairInventory(IAmazonEC2 ec2)
{
    private static readonly List<string> LiveStates =
        [InstanceStateName.Pending, InstanceStateName.Running, InstanceStateName.Stopping, InstanceStateName.Stopped, InstanceStateName.ShuttingDown];

    /// <summary>The instance, or null if EC2 does not know it.</summary>
    public async Task<PairMember?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, cancellationToken).ConfigureAwait(false);
            return (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Where(i => i.InstanceId == instanceId).Select(i => new PairMember(i)).FirstOrDefault();
        }
        catch (AmazonEC2Exception e) when (e.ErrorCode?.StartsWith("InvalidInstanceID", StringComparison.Ordinal) == true)
        {
            return null;
        }
    }

    /// <summary>
    /// Loads the pair named <paramref name="pairName"/>: every not-yet-terminated instance carrying its tag, plus the
    /// reported instance even if it is already terminated, so that its failure still hands the address to the survivor.
    /// </summary>
    public async Task<PairState> LoadAsync(string pairName, PairMember? reported, CancellationToken cancellationToken)
    {
        var members = new List<PairMember>();
        string? nextToken = null;
        do
        {
            var page = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
            {
                Filters = [new Filter("tag:" + PairTags.Pair, [pairName]), new Filter("instance-state-name", LiveStates)],
                NextToken = nextToken,
            }, cancellationToken).ConfigureAwait(false);
            members.AddRange((page.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(i => new PairMember(i)));
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        if (reported is not null && members.All(m => m.InstanceId != reported.InstanceId))
        {
            members.Add(reported);
        }

        members.Sort((a, b) => string.CompareOrdinal(a.InstanceId, b.InstanceId));
        var floatingIp = members.Select(m => m.Tag(PairTags.FloatingIp)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var floatingEip = members.Select(m => m.Tag(PairTags.FloatingEip)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (floatingIp is null && floatingEip is null && members.Count > 0)
        {
            throw new InvalidOperationException(
                $"pair {pairName} has neither a {PairTags.FloatingIp} (same-subnet pair) nor a {PairTags.FloatingEip} (cross-AZ pair) tag on its instances");
        }

        var lastMove = members
            .Select(m => DateTimeOffset.TryParse(m.Tag(PairTags.LastFailover), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null)
            .Max();
        var owner = await FindOwnerAsync(members, floatingIp, floatingEip, cancellationToken).ConfigureAwait(false);
        return new PairState(pairName, members, floatingIp, floatingEip, owner, lastMove);
    }

    /// <summary>Writes <paramref name="tags"/> onto every member of the pair that still exists.</summary>
    public Task TagAsync(IEnumerable<PairMember> members, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var resources = members.Where(m => m.Instance.State?.Name != InstanceStateName.Terminated).Select(m => m.InstanceId).ToList();
        return resources.Count == 0
            ? Task.CompletedTask
            : ec2.CreateTagsAsync(new CreateTagsRequest
            {
                Resources = resources,
                Tags = tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
            }, cancellationToken);
    }

    private async Task<string?> FindOwnerAsync(List<PairMember> members, string? floatingIp, string? floatingEip, CancellationToken cancellationToken)
    {
        var sameSubnet = members.Select(m => m.SubnetId).Distinct(StringComparer.Ordinal).Count() == 1;
        if (floatingIp is not null && (sameSubnet || floatingEip is null))
        {
            return members.FirstOrDefault(m => m.HoldsPrivateIp(floatingIp))?.InstanceId;
        }

        if (floatingEip is null)
        {
            return null;
        }

        var addresses = await ec2.DescribeAddressesAsync(new DescribeAddressesRequest { AllocationIds = [floatingEip] }, cancellationToken).ConfigureAwait(false);
        var address = (addresses.Addresses ?? []).FirstOrDefault(a => a.AllocationId == floatingEip)
            ?? throw new InvalidOperationException($"Elastic IP {floatingEip} named by {PairTags.FloatingEip} does not exist");
        if (address.NetworkInterfaceId is null && address.InstanceId is null)
        {
            return null;
        }

        var holder = members.FirstOrDefault(m =>
            (address.InstanceId is not null && m.InstanceId == address.InstanceId)
            || m.Interfaces.Any(n => n.NetworkInterfaceId == address.NetworkInterfaceId));
        return holder?.InstanceId ?? address.InstanceId ?? address.NetworkInterfaceId;
    }
}
