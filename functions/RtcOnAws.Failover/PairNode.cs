namespace RtcOnAws.Failover;

/// <summary>
/// One node of a failover pair as observed right now. The caller fills it from whatever it can see:
/// the Lambda from DescribeInstances and the triggering alarm, the media-node agent from heartbeats and its lease.
/// </summary>
/// <param name="NodeId">Stable identity of the node (an EC2 instance id on AWS).</param>
/// <param name="SubnetId">Subnet (or L2 segment) the node's address lives in; decides how the address moves.</param>
/// <param name="AvailabilityZone">Zone of the node, reported in decisions so operators see cross-AZ moves.</param>
/// <param name="IsRunning">The node exists and is powered on (EC2 state <c>running</c>).</param>
/// <param name="IsHealthy">The node passes its health checks (status checks, alarms, heartbeats).</param>
public sealed record PairNode(string NodeId, string SubnetId, string AvailabilityZone, bool IsRunning, bool IsHealthy)
{
    /// <summary>A node can take the floating address only when it is both running and healthy.</summary>
    public bool CanServe => IsRunning && IsHealthy;

    internal string Describe() =>
        !IsRunning ? $"{NodeId} is not running" : !IsHealthy ? $"{NodeId} is running but unhealthy" : $"{NodeId} is healthy";
}
