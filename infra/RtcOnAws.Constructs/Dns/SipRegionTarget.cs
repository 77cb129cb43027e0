namespace RtcOnAws.Constructs.Dns;

/// <summary>A region's entry in the latency-based A record of the SIP domain.</summary>
public sealed class SipRegionTarget
{
    /// <summary>The region name, for example <c>us-east-1</c>; also the record's set identifier. Required.</summary>
    public required string Region { get; init; }

    /// <summary>The region's public SIP addresses; at least one. Required.</summary>
    public required IReadOnlyList<string> Addresses { get; init; }

    /// <summary>How the region's health is judged.</summary>
    /// <remarks>
    /// Default: healthy while at least one AZ target whose health-check address is among <see cref="Addresses"/> is
    /// healthy (a calculated check over those AZ checks); a TCP check on 5060 against the first address when none is.
    /// </remarks>
    public SipDnsHealthCheck? HealthCheck { get; init; }
}
