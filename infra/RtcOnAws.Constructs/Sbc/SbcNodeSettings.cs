using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>What an <see cref="SbcPair"/> decides for each of its nodes.</summary>
internal sealed record SbcNodeSettings(
    IVpc Vpc,
    ISubnet Subnet,
    ISecurityGroup SecurityGroup,
    IPlacementGroup? PlacementGroup,
    InstanceType InstanceType,
    IMachineImage MachineImage,
    IRole Role,
    UserData UserData,
    double RootVolumeSizeGiB,
    bool HasFloatingIp,
    string PairId,
    Duration HeartbeatPeriod,
    double HeartbeatEvaluationPeriods);
