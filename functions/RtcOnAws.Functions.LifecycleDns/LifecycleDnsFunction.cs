using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.EC2;
using Amazon.EC2.Model;
using RtcOnAws.Aws;
using RtcOnAws.Aws.AutoScaling;
using RtcOnAws.Aws.AutoScaling.Model;
using RtcOnAws.Aws.Route53;
using RtcOnAws.Aws.Route53.Model;
using RtcOnAws.Lambda.Runtime;

namespace RtcOnAws.Functions.LifecycleDns;

/// <summary>
/// Keeps per-AZ A records and the SRV set in step with an Auto Scaling group: a launching instance is added before
/// the action completes, a terminating one is removed before it completes; an instance that stops is withdrawn and an
/// Auto Scaling instance that runs again is republished. Every step is a set operation on the current record, so
/// duplicate and out-of-order events converge to the same records.
/// </summary>
internal sealed partial class LifecycleDnsFunction(
    IAmazonEC2 ec2, IAmazonRoute53 route53, IAmazonAutoScaling autoScaling, DnsSettings settings, TimeProvider time)
{
    /// <summary>Tag EC2 Auto Scaling puts on every instance it launches.</summary>
    private const string AutoScalingGroupTag = "aws:autoscaling:groupName";
    private readonly RecordSets _records = new(route53, settings.HostedZoneId ?? "", settings.ChangeRetry, time);

    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        var request = LifecycleEventParser.Parse(invocation.Payload.Span);
        using var deadline = AwsDeadline.Until(invocation.Deadline - LambdaBootstrap.DeadlineReserve);
        var result = await HandleAsync(request, cancellationToken).ConfigureAwait(false);
        FunctionLog.Write(time, json =>
        {
            json.WriteString("level", "info");
            json.WriteString("event", "lifecycle-dns");
            json.WriteString("requestId", invocation.RequestId);
            FunctionLog.WriteMetricDirective(json, time, "RtcOnAws/LifecycleDns", ["Transition"], ("Actions", "Count"), ("Heartbeats", "Count"));
            json.WriteString("Transition", result.Transition);
            json.WriteNumber("Actions", 1);
            json.WriteNumber("Heartbeats", result.Heartbeats);
            json.WriteString("instanceId", result.InstanceId);
            json.WriteString("record", result.Record);
            json.WriteString("address", result.Address);
            json.WriteString("completed", result.Completed);
            json.WriteString("message", result.Message);
        });
        return JsonSerializer.SerializeToUtf8Bytes(result, LifecycleJsonContext.Default.LifecycleResult);
    }

    private async Task<LifecycleResult> HandleAsync(DnsRequest request, CancellationToken cancellationToken)
    {
        DnsOutcome outcome;
        int heartbeats;
        await using (var heartbeat = request.Lifecycle is { } lifecycle
                         ? new LifecycleHeartbeat(autoScaling, lifecycle, settings.HeartbeatInterval, time, cancellationToken)
                         : null)
        {
            outcome = !settings.Enabled ? DnsOutcome.Unchanged("RTCONAWS_HOSTED_ZONE_ID is empty: DNS updates are disabled")
                : request.Intent == DnsIntent.Ignore ? DnsOutcome.Unchanged($"instance {request.InstanceId} is {request.Transition}; nothing to change yet")
                : await UpdateDnsAsync(request, cancellationToken).ConfigureAwait(false);
            heartbeats = heartbeat?.Count ?? 0;
        }

        var completed = request.Lifecycle is { } action ? await CompleteAsync(action, cancellationToken).ConfigureAwait(false) : "not-a-lifecycle-action";
        return new LifecycleResult
        {
            InstanceId = request.InstanceId,
            Transition = request.Transition,
            Record = outcome.Record,
            Address = outcome.Address,
            Addresses = [.. outcome.Values],
            SrvTargets = outcome.SrvTargets,
            Completed = completed,
            Heartbeats = heartbeats,
            Message = outcome.Message,
        };
    }

    private async Task<DnsOutcome> UpdateDnsAsync(DnsRequest request, CancellationToken cancellationToken)
    {
        var instance = await DescribeAsync(request.InstanceId, cancellationToken).ConfigureAwait(false);
        var zone = instance?.Placement?.AvailabilityZone;
        var address = settings.PublishPublicAddress ? instance?.PublicIpAddress : instance?.PrivateIpAddress;
        if (instance is null || zone is null || address is null)
        {
            return DnsOutcome.Unchanged(instance is null
                ? $"instance {request.InstanceId} does not exist any more; no record to change"
                : $"instance {request.InstanceId} has no {(settings.PublishPublicAddress ? "public" : "private")} address; no record to change");
        }

        var add = request.Intent is DnsIntent.Add or DnsIntent.AddIfAutoScaled;
        if (add && instance.State?.Name?.Value is not ("pending" or "running"))
        {
            // A launch delivered after the instance already left (out of order): adding it would publish a dead address.
            return DnsOutcome.Unchanged($"instance {request.InstanceId} is {instance.State?.Name}; not adding {address} for a launch that is over");
        }

        if (request.Intent == DnsIntent.AddIfAutoScaled && (instance.Tags ?? []).All(t => t.Key != AutoScalingGroupTag))
        {
            return DnsOutcome.Unchanged($"instance {request.InstanceId} is running but belongs to no Auto Scaling group; only lifecycle actions publish it");
        }

        var recordName = settings.ZoneRecordName(zone);
        var changes = new List<string>();
        var values = await UpdateZoneRecordAsync(recordName, address, add, changes, cancellationToken).ConfigureAwait(false);
        var targets = await UpdateSrvAsync(changes, cancellationToken).ConfigureAwait(false);
        if (settings.WaitForInsync)
        {
            await WaitInsyncAsync(changes, cancellationToken).ConfigureAwait(false);
        }

        var message = add
            ? $"{recordName} A now {string.Join(",", values)}; {changes.Count} change(s)"
            : $"{address} withdrawn from {recordName}; {changes.Count} change(s)";
        return new DnsOutcome(recordName, address, values, targets, message);
    }

    private async Task<Instance?> DescribeAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, cancellationToken).ConfigureAwait(false);
            return (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).FirstOrDefault(i => i.InstanceId == instanceId);
        }
        catch (AmazonEC2Exception e) when (e.ErrorCode?.StartsWith("InvalidInstanceID", StringComparison.Ordinal) == true)
        {
            return null;
        }
    }

    /// <summary>Adds or removes one address by compare-and-swap on the zone's A record.</summary>
    private Task<SortedSet<string>> UpdateZoneRecordAsync(string name, string address, bool add, List<string> changes, CancellationToken cancellationToken) =>
        _records.ConvergeAsync(name, RRType.A, settings.Ttl, async token =>
        {
            var current = await _records.GetAsync(name, RRType.A, token).ConfigureAwait(false);
            var desired = RecordSets.Values(current);
            if (add)
            {
                desired.Add(address);
            }
            else
            {
                desired.Remove(address);
            }

            return (current, desired);
        }, changes, cancellationToken);

    /// <summary>
    /// Points every SRV record at exactly the AZ names whose A record has at least one address, recomputed from a fresh
    /// listing on every attempt so an A record changed by a concurrent writer is reflected.
    /// </summary>
    private async Task<List<string>> UpdateSrvAsync(List<string> changes, CancellationToken cancellationToken)
    {
        var targets = new List<string>();
        foreach (var service in settings.SrvServices)
        {
            var name = settings.SrvRecordName(service);
            await _records.ConvergeAsync(name, RRType.SRV, settings.Ttl, async token =>
            {
                var zoneRecords = await _records.ListAllAsync(token).ConfigureAwait(false);
                targets = SrvTargets(zoneRecords);
                var desired = new SortedSet<string>(targets.Select(t => $"{settings.SrvPriority} {settings.SrvWeight} {settings.SrvPort} {t}"), StringComparer.Ordinal);
                return (RecordSets.Find(zoneRecords, name, RRType.SRV), desired);
            }, changes, cancellationToken).ConfigureAwait(false);
        }

        return targets;
    }

    private List<string> SrvTargets(List<ResourceRecordSet> zoneRecords)
    {
        var suffix = "." + settings.Domain + ".";
        return zoneRecords
            .Where(r => r.Type == RRType.A && r.ResourceRecords.Count > 0)
            .Select(r => RecordSets.Normalize(r.Name ?? ""))
            .Where(n => n.EndsWith(suffix, StringComparison.Ordinal) && AvailabilityZoneLabel().IsMatch(n[..^suffix.Length]))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private async Task WaitInsyncAsync(List<string> changes, CancellationToken cancellationToken)
    {
        foreach (var id in changes)
        {
            while (true)
            {
                var change = await route53.GetChangeAsync(new GetChangeRequest { Id = id }, cancellationToken).ConfigureAwait(false);
                if (change.ChangeInfo?.Status == ChangeStatus.Insync)
                {
                    break;
                }

                await Task.Delay(settings.ChangePollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> CompleteAsync(LifecycleAction action, CancellationToken cancellationToken)
    {
        try
        {
            await autoScaling.CompleteLifecycleActionAsync(new CompleteLifecycleActionRequest
            {
                AutoScalingGroupName = action.AutoScalingGroupName,
                LifecycleHookName = action.LifecycleHookName,
                LifecycleActionToken = action.LifecycleActionToken,
                InstanceId = action.InstanceId,
                LifecycleActionResult = LifecycleActionResult.Continue,
            }, cancellationToken).ConfigureAwait(false);
            return LifecycleActionResult.Continue;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ValidationError" && e.ErrorMessage.Contains("No active Lifecycle Action", StringComparison.OrdinalIgnoreCase))
        {
            // A duplicate or late event: the action was already completed (or timed out); the records are still right.
            return "already-completed";
        }
    }

    [GeneratedRegex("^[a-z]{2}-[a-z0-9-]+[0-9][a-z]$", RegexOptions.CultureInvariant)]
    private static partial Regex AvailabilityZoneLabel();
}
