namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>Tag keys that describe a failover pair on its EC2 instances (set by the CDK constructs, some by this function).</summary>
internal static class PairTags
{
    /// <summary>Pair name; the same value on both instances of a pair. Set by infrastructure.</summary>
    public const string Pair = "rtconaws:pair";

    /// <summary>The floating secondary private IPv4 address, for pairs in one subnet. Set by infrastructure.</summary>
    public const string FloatingIp = "rtconaws:floating-ip";

    /// <summary>Allocation id of the floating Elastic IP, for pairs across subnets/AZs. Set by infrastructure.</summary>
    public const string FloatingEip = "rtconaws:floating-eip";

    /// <summary>ISO-8601 UTC time of the last move; read for the anti-flap window. Written by this function.</summary>
    public const string LastFailover = "rtconaws:last-failover";

    /// <summary>"&lt;reason&gt; &lt;time&gt;" of the last decision. Written by this function.</summary>
    public const string LastDecision = "rtconaws:last-decision";

    /// <summary>"ALARM &lt;alarm&gt;" or "OK &lt;alarm&gt;": the node's last alarm state, so the peer's health is known. Written by this function.</summary>
    public const string Health = "rtconaws:health";
}
