using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Constructs;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>A node of a pair created in another stack: its ids and metrics, no resources.</summary>
internal sealed class ImportedSbcNode(Construct scope, string id, SbcNodeAttributes attributes, Duration heartbeatPeriod, double heartbeatEvaluationPeriods)
    : Construct(scope, id), ISbcNode
{
    public string InstanceId { get; } = attributes.InstanceId;
    public string NetworkInterfaceId { get; } = attributes.NetworkInterfaceId;
    public double HeartbeatEvaluationPeriods { get; } = heartbeatEvaluationPeriods;
    public Metric MetricHeartbeat() => MediaNodeHeartbeat.For(InstanceId, heartbeatPeriod);
    public Metric MetricStatusCheckFailed() => SbcNode.StatusCheckMetric(InstanceId, "StatusCheckFailed");
}
