using System.Globalization;

namespace RtcOnAws.Sbc.Contracts;

/// <summary>One upstream SIP destination (a PBX, a trunk) of an SBC node.</summary>
/// <param name="Host">IPv4 address or DNS name.</param>
/// <param name="Port">SIP port.</param>
/// <param name="Transport">udp or tcp.</param>
public sealed record SipUpstream(string Host, int Port = SbcPorts.Sip, SipTransport Transport = SipTransport.Udp)
{
    /// <summary>The destination as a SIP URI, e.g. <c>sip:10.0.2.15:5060;transport=udp</c>.</summary>
    public string Uri => string.Create(CultureInfo.InvariantCulture, $"sip:{Host}:{Port};transport={(Transport == SipTransport.Tcp ? "tcp" : "udp")}");
}
