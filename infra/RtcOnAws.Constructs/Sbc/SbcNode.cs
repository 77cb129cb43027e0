using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Constructs;
using RtcOnAws.Sbc.Contracts;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// One node of an <see cref="SbcPair"/>: an EC2 instance whose primary network interface is its own ENI,
/// with alarms on status checks and on the media-node heartbeat, and EC2 auto-recovery.
/// </summary>
public sealed class SbcNode : Construct
{
    internal SbcNode(Construct scope, string id, SbcNodeSettings settings)
        : base(scope, id)
    {
        Role = settings.Role;
        NetworkInterface = new CfnNetworkInterface(this, "Eni", new CfnNetworkInterfaceProps
        {
            SubnetId = settings.Subnet.SubnetId,
            GroupSet = [settings.SecurityGroup.SecurityGroupId],
            SecondaryPrivateIpAddressCount = settings.HasFloatingIp ? 1 : null,
            Description = $"RtcOnAws SBC {id}",
            Tags =
            [
                new CfnTag { Key = SbcTags.PairTagKey, Value = settings.PairId },
                new CfnTag { Key = SbcTags.RoleTagKey, Value = id.ToLowerInvariant() },
            ],
        });

        Instance = new Instance_(this, "Instance", new InstanceProps
        {
            Vpc = settings.Vpc,
            VpcSubnets = new SubnetSelection { Subnets = [settings.Subnet] },
            InstanceType = settings.InstanceType,
            MachineImage = settings.MachineImage,
            Role = settings.Role,
            SecurityGroup = settings.SecurityGroup,
            RequireImdsv2 = true,
            PlacementGroup = settings.PlacementGroup,
            UserData = settings.UserData,
            BlockDevices =
            [
                new BlockDevice
                {
                    DeviceName = "/dev/xvda",
                    Volume = BlockDeviceVolume.Ebs(settings.RootVolumeSizeGiB, new EbsDeviceOptions { Encrypted = true, VolumeType = EbsDeviceVolumeType.GP3 }),
                },
            ],
        });
        // The node's own ENI is its primary interface, so the floating address lives on eth0 and moves
        // between two known interfaces; subnet and groups come from the ENI and must not be repeated.
        var cfnInstance = (CfnInstance)Instance.Node.DefaultChild!;
        cfnInstance.AddPropertyDeletionOverride("SubnetId");
        cfnInstance.AddPropertyDeletionOverride("SecurityGroupIds");
        cfnInstance.NetworkInterfaces = new object[]
        {
            new CfnInstance.NetworkInterfaceProperty { DeviceIndex = "0", NetworkInterfaceId = NetworkInterface.Ref },
        };
        Tags.Of(Instance).Add(SbcTags.PairTagKey, settings.PairId);
        Tags.Of(Instance).Add(SbcTags.RoleTagKey, id.ToLowerInvariant());

        StatusCheckAlarm = new Alarm(this, "StatusCheckAlarm", new AlarmProps
        {
            AlarmDescription = $"SBC {id}: an EC2 status check failed",
            Metric = InstanceMetric("StatusCheckFailed", Duration.Minutes(1)),
            Threshold = 1,
            EvaluationPeriods = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.MISSING,
        });

        HeartbeatAlarm = new Alarm(this, "HeartbeatAlarm", new AlarmProps
        {
            AlarmDescription = $"SBC {id}: no media-node heartbeat",
            Metric = MediaNodeHeartbeat.For(Instance.InstanceId, settings.HeartbeatPeriod),
            Threshold = 1,
            EvaluationPeriods = settings.HeartbeatEvaluationPeriods,
            ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
            // Silence is the failure this alarm exists for.
            TreatMissingData = TreatMissingData.BREACHING,
        });

        RecoveryAlarm = new Alarm(this, "RecoveryAlarm", new AlarmProps
        {
            AlarmDescription = $"SBC {id}: system status check failed, recover the instance",
            Metric = InstanceMetric("StatusCheckFailed_System", Duration.Minutes(1)),
            Threshold = 1,
            EvaluationPeriods = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        });
        RecoveryAlarm.AddAlarmAction(new Ec2Action(Ec2InstanceAction.RECOVER));
    }

    /// <summary>The EC2 instance.</summary>
    public Instance_ Instance { get; }

    /// <summary>The node's own primary network interface.</summary>
    public CfnNetworkInterface NetworkInterface { get; }

    /// <summary>The instance role (shared by both nodes of the pair).</summary>
    public IRole Role { get; }

    /// <summary>Alarm on <c>AWS/EC2 StatusCheckFailed</c> (instance or system check).</summary>
    public Alarm StatusCheckAlarm { get; }

    /// <summary>Alarm on a missing <see cref="MediaNodeHeartbeat"/>; missing data counts as failure.</summary>
    public Alarm HeartbeatAlarm { get; }

    /// <summary>Alarm on <c>StatusCheckFailed_System</c> whose action is EC2 auto-recovery.</summary>
    public Alarm RecoveryAlarm { get; }

    private Metric InstanceMetric(string name, Duration period) => new(new MetricProps
    {
        Namespace = "AWS/EC2",
        MetricName = name,
        DimensionsMap = new Dictionary<string, string> { ["InstanceId"] = Instance.InstanceId },
        Statistic = Stats.MAXIMUM,
        Period = period,
    });
}
