namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>The <see cref="MediaTransport"/> an SDP <c>m=</c> protocol names.</summary>
public static class MediaTransports
{
    /// <summary>The transport of <paramref name="protocol"/> (<c>RTP/AVP</c>, <c>RTP/SAVPF</c>, <c>UDP/TLS/RTP/SAVPF</c>, ...).</summary>
    public static MediaTransport Of(string protocol) =>
        protocol.StartsWith("UDP/TLS/RTP/SAVP", StringComparison.OrdinalIgnoreCase) ? MediaTransport.DtlsSrtp
        : protocol.StartsWith("RTP/SAVP", StringComparison.OrdinalIgnoreCase) ? MediaTransport.SdesSrtp
        : MediaTransport.Rtp;

    /// <summary>True for an SRTP transport (SDES or DTLS).</summary>
    public static bool IsSecure(this MediaTransport transport) => transport != MediaTransport.Rtp;
}
