using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Constructs;
using RtcOnAws.Sbc.Contracts;
using RtcOnAws.Constructs.Validation;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>
/// One node of an <see cref="SbcPair"/>: an EC2 instance whose primary network interface is its own ENI,
/// with alarms on status checks and on the media-node heartbeat, and EC2 auto-recovery.
/// </summary>
public sealed class SbcNode : Construct, ISbcNode
{
    private readonly Duration _heartbeatPeriod;

    internal SbcNode(Construct scope, string id, SbcNodeSettings settings)
        : base(scope, id)
    {
        Role = settings.Role;
        _heartbeatPeriod = settings.HeartbeatPeriod;
        HeartbeatEvaluationPeriods = settings.HeartbeatEvaluationPeriods;
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
        // One-minute EC2 metrics: the status-check and recovery alarms judge a node within minutes, not five.
        cfnInstance.Monitoring = true;
        NagSuppressions.Add(Instance, "AwsSolutions-EC29",
            "No termination protection on purpose: CloudFormation replaces an SBC node when its image or user data changes and deletes it with the stack, which protection would block. The pair survives the loss of either node (the peer takes the floating address), and EC2 auto-recovery restores a node after a host failure.");
        cfnInstance.NetworkInterfaces = new object[]
        {
            new CfnInstance.NetworkInterfaceProperty { DeviceIndex = "0", NetworkInterfaceId = NetworkInterface.Ref },
        };
        // IMDSv2 through a launch template of our own without a name: CloudFormation generates a unique one. CDK's
        // RequireImdsv2 names every such template "InstanceLaunchTemplate" unless the app sets the feature flag
        // @aws-cdk/aws-ec2:uniqueImdsv2TemplateName, and the second instance of an account would then fail to deploy.
        MetadataLaunchTemplate = new CfnLaunchTemplate(this, "MetadataLaunchTemplate", new CfnLaunchTemplateProps
        {
            LaunchTemplateData = new CfnLaunchTemplate.LaunchTemplateDataProperty
            {
                MetadataOptions = new CfnLaunchTemplate.MetadataOptionsProperty { HttpTokens = "required", HttpPutResponseHopLimit = 1 },
            },
        });
        cfnInstance.LaunchTemplate = new CfnInstance.LaunchTemplateSpecificationProperty
        {
            LaunchTemplateId = MetadataLaunchTemplate.Ref,
            Version = MetadataLaunchTemplate.AttrLatestVersionNumber,
        };
        Tags.Of(Instance).Add(SbcTags.PairTagKey, settings.PairId);
        Tags.Of(Instance).Add(SbcTags.RoleTagKey, id.ToLowerInvariant());

        StatusCheckAlarm = NewStatusCheckAlarm(this, "StatusCheckAlarm", id, this);
        HeartbeatAlarm = NewHeartbeatAlarm(this, "HeartbeatAlarm", id, this);

        RecoveryAlarm = new Alarm(this, "RecoveryAlarm", new AlarmProps
        {
            AlarmDescription = $"SBC {id}: system status check failed, recover the instance",
            Metric = StatusCheckMetric(Instance.InstanceId, "StatusCheckFailed_System"),
            Threshold = 1,
            EvaluationPeriods = 2,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        });
        RecoveryAlarm.AddAlarmAction(new Ec2Action(Ec2InstanceAction.RECOVER));
    }

    /// <summary>The EC2 instance.</summary>
    public Instance_ Instance { get; }

    /// <summary>The launch template that makes the instance require IMDSv2 (tokens required, one hop).</summary>
    public CfnLaunchTemplate MetadataLaunchTemplate { get; }

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

    /// <inheritdoc />
    public string InstanceId => Instance.InstanceId;

    /// <inheritdoc />
    public string NetworkInterfaceId => NetworkInterface.Ref;

    /// <inheritdoc />
    public double HeartbeatEvaluationPeriods { get; }

    /// <inheritdoc />
    public Metric MetricHeartbeat() => MediaNodeHeartbeat.For(InstanceId, _heartbeatPeriod);

    /// <inheritdoc />
    public Metric MetricStatusCheckFailed() => StatusCheckMetric(InstanceId, "StatusCheckFailed");

    /// <summary>An <c>AWS/EC2</c> status-check metric of one instance, maximum per minute.</summary>
    internal static Metric StatusCheckMetric(string instanceId, string name) => new(new MetricProps
    {
        Namespace = "AWS/EC2",
        MetricName = name,
        DimensionsMap = new Dictionary<string, string> { ["InstanceId"] = instanceId },
        Statistic = Stats.MAXIMUM,
        Period = Duration.Minutes(1),
    });

    /// <summary>The alarm on a failed EC2 status check (instance or system) of <paramref name="node"/>.</summary>
    internal static Alarm NewStatusCheckAlarm(Construct scope, string id, string label, ISbcNode node) => new(scope, id, new AlarmProps
    {
        AlarmDescription = $"SBC {label}: an EC2 status check failed",
        Metric = node.MetricStatusCheckFailed(),
        Threshold = 1,
        EvaluationPeriods = 2,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        TreatMissingData = TreatMissingData.MISSING,
    });

    /// <summary>The alarm on a missing media-node heartbeat of <paramref name="node"/>; missing data counts as failure.</summary>
    internal static Alarm NewHeartbeatAlarm(Construct scope, string id, string label, ISbcNode node) => new(scope, id, new AlarmProps
    {
        AlarmDescription = $"SBC {label}: no media-node heartbeat",
        Metric = node.MetricHeartbeat(),
        Threshold = 1,
        EvaluationPeriods = node.HeartbeatEvaluationPeriods,
        ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
        // Silence is the failure this alarm exists for.
        TreatMissingData = TreatMissingData.BREACHING,
    });
}
