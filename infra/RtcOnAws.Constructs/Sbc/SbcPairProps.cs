using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using RtcOnAws.Constructs.Network;

namespace RtcOnAws.Constructs.Sbc;

/// <summary>Props of <see cref="SbcPair"/>.</summary>
public sealed class SbcPairProps
{
    /// <summary>The network to place the pair in (VPC, edge subnets, placement groups, SBC security group). Required.</summary>
    public required RtcNetwork Network { get; init; }

    /// <summary>Both nodes in one AZ, or active and standby in two AZs.</summary>
    /// <remarks>Default: <see cref="SbcPairPlacement.SameAz"/>.</remarks>
    public SbcPairPlacement? Placement { get; init; }

    /// <summary>
    /// Index into the VPC's availability zones of the active node (and, with <see cref="SbcPairPlacement.SameAz"/>, of
    /// the standby). With <see cref="SbcPairPlacement.AcrossAzs"/> the standby goes to the next AZ (wrapping around).
    /// </summary>
    /// <remarks>Default: 0 (the first AZ).</remarks>
    public double? AvailabilityZoneIndex { get; init; }

    /// <summary>Instance type of both nodes; must be an ENA (enhanced networking) x86_64 family listed in <see cref="EnaInstanceFamilies"/>.</summary>
    /// <remarks>Default: <c>c5n.large</c>.</remarks>
    public InstanceType? InstanceType { get; init; }

    /// <summary>Machine image of both nodes (x86_64 Linux).</summary>
    /// <remarks>Default: the latest Amazon Linux 2023 for x86_64, resolved at deploy time from the public SSM parameter (no lookup at synth).</remarks>
    public IMachineImage? MachineImage { get; init; }

    /// <summary>Size of the encrypted gp3 root volume in GiB, 8 to 16384.</summary>
    /// <remarks>Default: 16.</remarks>
    public double? RootVolumeSizeGiB { get; init; }

    /// <summary>Commands appended to each node's user data, after the node environment file is written.</summary>
    /// <remarks>Default: none; the user data only writes <c>/etc/rtconaws/sbc.env</c>.</remarks>
    public IReadOnlyList<string>? ExtraUserDataCommands { get; init; }

    /// <summary>Period of the heartbeat alarm: 10, 20 or 30 seconds (high-resolution metric) or a multiple of 60 seconds.</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public Duration? HeartbeatPeriod { get; init; }

    /// <summary>Consecutive periods without a heartbeat before the node is declared dead, 1 to 10.</summary>
    /// <remarks>Default: 3 (30 s with the default period).</remarks>
    public double? HeartbeatEvaluationPeriods { get; init; }
}
