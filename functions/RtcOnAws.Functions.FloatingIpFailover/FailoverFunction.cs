using System.Globalization;
using System.Text.Json;
using Amazon.EC2;
using RtcOnAws.Failover;
using RtcOnAws.Failover.Ec2;
using RtcOnAws.Lambda.Runtime;

namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>
/// Handles one event: parse (no AWS call before the event is known to be valid), find the pair by tags, decide with
/// <see cref="FailoverPolicy"/>, move the address if told to, and record the decision as tags, a log line and a metric.
/// </summary>
internal sealed class FailoverFunction(IAmazonEC2 ec2, FailoverSettings settings, TimeProvider time)
{
    private const string Ignored = "Ignored";
    private readonly PairInventory _inventory = new(ec2);
    private readonly Ec2AddressMover _mover = new(ec2, settings.RemapPollInterval, time);
    private readonly FailoverPolicy _policy = new(settings.AntiFlapWindow);

    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        // The bootstrap cancels cancellationToken just before the invocation's deadline: every EC2 call and the wait for
        // the remap are bounded by it.
        var request = FailoverEventParser.Parse(invocation.Payload.Span);
        var result = await DecideAsync(request, cancellationToken).ConfigureAwait(false);
        Record(result, invocation.RequestId);
        return JsonSerializer.SerializeToUtf8Bytes(result, FailoverJsonContext.Default.FailoverResult);
    }

    private async Task<FailoverResult> DecideAsync(FailoverRequest request, CancellationToken cancellationToken)
    {
        var pairName = request.PairName;
        PairMember? instance = null;
        if (request.InstanceId is { } instanceId)
        {
            instance = await _inventory.FindInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
            pairName = instance?.Tag(PairTags.Pair);
            if (instance is null || string.IsNullOrEmpty(pairName))
            {
                return new FailoverResult
                {
                    Decision = Ignored,
                    Message = instance is null ? $"instance {instanceId} does not exist" : $"instance {instanceId} has no {PairTags.Pair} tag, so it is in no failover pair",
                };
            }

            if (request.AlarmName is { } alarm && request.Trigger is { } signal)
            {
                var health = signal.Kind == TriggerKind.NodeFailed ? "ALARM" : "OK";
                await _inventory.TagAsync([instance], new Dictionary<string, string> { [PairTags.Health] = $"{health} {alarm}" }, cancellationToken).ConfigureAwait(false);
            }
        }

        if (request.Trigger is not { } trigger)
        {
            return new FailoverResult { Pair = pairName, Decision = Ignored, Message = request.IgnoreReason ?? "the event carries no failure or recovery" };
        }

        var pair = await _inventory.LoadAsync(pairName!, instance, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var snapshot = new PairSnapshot(pair.Name, pair.Members.Select(m => ToNode(m, trigger)).ToList(), pair.OwnerInstanceId, pair.LastMoveAt);
        var decision = _policy.Decide(snapshot, trigger, now);

        var tags = new Dictionary<string, string> { [PairTags.LastDecision] = $"{decision.Reason} {now.ToString("O", CultureInfo.InvariantCulture)}" };
        TimeSpan? remap = null;
        if (decision is { ShouldMove: true, Scope: { } scope })
        {
            var move = await _mover.StartAsync(pair.MoveTo(pair.Member(decision.ToNodeId)!, scope), cancellationToken).ConfigureAwait(false);
            tags[PairTags.LastFailover] = now.ToString("O", CultureInfo.InvariantCulture);
            await _inventory.TagAsync(pair.Members, tags, cancellationToken).ConfigureAwait(false);
            remap = await move.ConfirmAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (pair.Members.Count > 0)
        {
            await _inventory.TagAsync(pair.Members, tags, cancellationToken).ConfigureAwait(false);
        }

        return new FailoverResult
        {
            Pair = pair.Name,
            Decision = decision.Reason.ToString(),
            Moved = decision.ShouldMove,
            From = decision.FromNodeId,
            To = decision.ToNodeId,
            Scope = decision.Scope?.ToString(),
            Message = decision.Message,
            RemapMilliseconds = remap is { } elapsed ? (long)elapsed.TotalMilliseconds : null,
        };
    }

    /// <summary>The event's own statement about the reported node wins over what EC2 and the tags said before it.</summary>
    private static PairNode ToNode(PairMember member, FailoverTrigger trigger)
    {
        var healthy = member.AlarmHealthy;
        if (member.InstanceId == trigger.ReportedNodeId)
        {
            healthy = trigger.Kind == TriggerKind.NodeRecovered;
        }

        return new PairNode(member.InstanceId, member.SubnetId, member.AvailabilityZone, member.IsRunning, healthy);
    }

    private void Record(FailoverResult result, string requestId) => FunctionLog.Write(time, json =>
    {
        json.WriteString("level", "info");
        json.WriteString("event", "failover-decision");
        json.WriteString("requestId", requestId);
        FunctionLog.WriteMetricDirective(json, time, "RtcOnAws/Failover", ["Pair", "Decision"],
            ("Decisions", "Count"), ("Moves", "Count"), ("RemapMilliseconds", "Milliseconds"));
        json.WriteString("Pair", result.Pair ?? "none");
        json.WriteString("Decision", result.Decision);
        json.WriteNumber("Decisions", 1);
        json.WriteNumber("Moves", result.Moved ? 1 : 0);
        if (result.RemapMilliseconds is { } remap)
        {
            json.WriteNumber("RemapMilliseconds", remap);
        }

        json.WriteString("from", result.From);
        json.WriteString("to", result.To);
        json.WriteString("scope", result.Scope);
        json.WriteString("message", result.Message);
    });
}
