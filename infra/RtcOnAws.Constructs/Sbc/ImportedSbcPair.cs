using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Constructs;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>A pair created in another stack: read-only, it creates nothing; grants and alarms refer to the other stack's resources.</summary>
internal sealed class ImportedSbcPair : SbcPairBase
{
    public ImportedSbcPair(Construct scope, string id, SbcPairAttributes attributes)
        : base(scope, id)
    {
        var period = attributes.HeartbeatPeriod ?? SbcPair.DefaultHeartbeatPeriod;
        var periods = attributes.HeartbeatEvaluationPeriods ?? SbcPair.DefaultHeartbeatEvaluationPeriods;
        PairId = attributes.PairId;
        Placement = attributes.Placement ?? SbcPairPlacement.SameAz;
        AvailabilityZone = attributes.AvailabilityZone;
        Nodes = [.. attributes.Nodes.Select((node, index) => new ImportedSbcNode(this, index == 0 ? "Active" : "Standby", node, period, periods))];
        SecurityGroup = attributes.SecurityGroup;
        FloatingPrivateIps = [.. attributes.FloatingPrivateIps];
        ElasticIpAddress = attributes.ElasticIpAddress;
        ElasticIpAllocationId = attributes.ElasticIpAllocationId;
        HighAvailability = attributes.HighAvailability ?? false;
        FailoverAlarms = [.. attributes.FailoverAlarms ?? []];
    }

    public override string PairId { get; }
    public override SbcPairPlacement Placement { get; }
    public override string AvailabilityZone { get; }
    public override IReadOnlyList<ISbcNode> Nodes { get; }
    public override ISecurityGroup SecurityGroup { get; }
    public override IReadOnlyList<string> FloatingPrivateIps { get; }
    public override string ElasticIpAddress { get; }
    public override string ElasticIpAllocationId { get; }
    public override bool HighAvailability { get; }
    public override IReadOnlyList<IAlarm> FailoverAlarms { get; }
}
