namespace RtcOnAws.Sbc.Contracts;

/// <summary>Transport toward a <see cref="SipUpstream"/>.</summary>
public enum SipTransport
{
    /// <summary>SIP over UDP.</summary>
    Udp,

    /// <summary>SIP over TCP.</summary>
    Tcp,
}
