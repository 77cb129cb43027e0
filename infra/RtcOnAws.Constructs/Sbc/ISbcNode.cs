using Amazon.CDK.AWS.CloudWatch;
using Constructs;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// What consumers need of one node of an SBC pair: an <see cref="SbcNode"/> of this stack, or one of another stack
/// imported with its pair through <see cref="SbcPair.FromSbcPairAttributes"/>.
/// </summary>
public interface ISbcNode : IConstruct
{
    /// <summary>The EC2 instance id.</summary>
    string InstanceId { get; }

    /// <summary>The id of the node's own primary network interface.</summary>
    string NetworkInterfaceId { get; }

    /// <summary>How many heartbeat periods without a beat make the node's heartbeat alarm fire.</summary>
    double HeartbeatEvaluationPeriods { get; }

    /// <summary>The node's media-node heartbeat (<see cref="MediaNodeHeartbeat"/>), summed per heartbeat period.</summary>
    Metric MetricHeartbeat();

    /// <summary><c>AWS/EC2 StatusCheckFailed</c> of the instance, maximum per minute.</summary>
    Metric MetricStatusCheckFailed();
}
