namespace RtcOnAws.Sbc.Contracts;

/// <summary>EC2 tags on an SBC pair's instances, ENIs and Elastic IP, written by the CDK and read by media-node's AWS takeover and the failover function.</summary>
public static class SbcTags
{
    /// <summary>Tag naming the pair; media-node finds itself and its peer by <c>--ha-aws-pair-tag PairTagKey=pair-id</c>.</summary>
    public const string PairTagKey = "rtconaws:pair";

    /// <summary>Tag naming a node's initial role (<see cref="ActiveRole"/> or <see cref="StandbyRole"/>).</summary>
    public const string RoleTagKey = "rtconaws:role";

    /// <summary>Value of <see cref="RoleTagKey"/> on the node that owns the floating address at deployment.</summary>
    public const string ActiveRole = "active";

    /// <summary>Value of <see cref="RoleTagKey"/> on the hot standby.</summary>
    public const string StandbyRole = "standby";

    /// <summary>Tag on both instances naming the floating private IP (same-AZ pairs).</summary>
    public const string FloatingIpTagKey = "rtconaws:floating-ip";

    /// <summary>Tag on both instances naming the Elastic IP allocation id (cross-AZ pairs).</summary>
    public const string FloatingEipTagKey = "rtconaws:floating-eip";

    /// <summary>The <c>KEY=VALUE</c> argument of media-node's <c>--ha-aws-pair-tag</c> for one pair.</summary>
    /// <param name="pairId">The pair's id (the value of <see cref="PairTagKey"/>).</param>
    public static string PairTag(string pairId) => $"{PairTagKey}={pairId}";
}
