namespace RtcOnAws.Constructs.Sbc;

/// <summary>One node of <see cref="SbcPairAttributes.Nodes"/>.</summary>
public sealed class SbcNodeAttributes
{
    /// <summary>The EC2 instance id (see <see cref="SbcNode.Instance"/>). Required.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The id of the node's own primary network interface (see <see cref="SbcNode.NetworkInterface"/>). Required.</summary>
    public required string NetworkInterfaceId { get; init; }
}
