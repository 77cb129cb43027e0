namespace RtcOnAws.Constructs.Sbc;

/// <summary>Where the two nodes of an <see cref="SbcPair"/> run.</summary>
public enum SbcPairPlacement
{
    /// <summary>
    /// Both nodes in one availability zone and subnet, in its cluster placement group. Failover moves the
    /// floating secondary private IP (about 2 s); the Elastic IP follows it.
    /// </summary>
    SameAz,

    /// <summary>
    /// Active and standby in two availability zones. Each node has its own secondary private IP and failover
    /// re-associates the Elastic IP (5-20 s), surviving the loss of a whole AZ.
    /// </summary>
    AcrossAzs,
}
