using Amazon.CDK.AWS.EC2;
using RtcOnAws.Constructs.Sbc;

namespace RtcOnAws.Constructs.Tests;

/// <summary>Pairs imported from literal attributes, as a consumer outside the producing CDK app would write them.</summary>
internal static class LiteralPairs
{
    public const string AllocationId = "eipalloc-0pair";
    public const string ActiveInstance = "i-0active";
    public const string StandbyInstance = "i-0standby";
    public const string ActiveEni = "eni-0active";
    public const string StandbyEni = "eni-0standby";

    public static ISbcPair Import(Amazon.CDK.Stack stack, string id, SbcPairPlacement placement = SbcPairPlacement.SameAz) =>
        SbcPair.FromSbcPairAttributes(stack, id, new SbcPairAttributes
        {
            PairId = $"{id}Pair",
            Placement = placement,
            AvailabilityZone = "eu-central-1a",
            Nodes =
            [
                new SbcNodeAttributes { InstanceId = ActiveInstance, NetworkInterfaceId = ActiveEni },
                new SbcNodeAttributes { InstanceId = StandbyInstance, NetworkInterfaceId = StandbyEni },
            ],
            SecurityGroup = SecurityGroup.FromSecurityGroupId(stack, $"{id}Group", "sg-0sbc"),
            FloatingPrivateIps = placement == SbcPairPlacement.SameAz ? ["10.0.0.10"] : ["10.0.0.10", "10.0.1.10"],
            ElasticIpAddress = "198.51.100.7",
            ElasticIpAllocationId = AllocationId,
        });
}
