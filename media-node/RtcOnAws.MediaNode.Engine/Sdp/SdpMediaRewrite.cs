namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>How one media section is rewritten: the ports the node advertises for it.</summary>
/// <param name="RtpPort">Our RTP port to put on <c>m=</c>; null leaves the section untouched (rejected media).</param>
/// <param name="RtcpPort">Our RTCP port for an existing <c>a=rtcp:</c> (the RTP port when RTCP is multiplexed).</param>
/// <param name="RtcpMux">What to do with <c>a=rtcp-mux</c>.</param>
/// <param name="Protocol">The transport protocol to put on <c>m=</c>; null keeps it.</param>
/// <param name="Crypto">
/// The <c>a=crypto:</c> values that replace the section's own (our SDES keys; empty strips them); null keeps them.
/// </param>
public sealed record SdpMediaRewrite(int? RtpPort, int RtcpPort, RtcpMuxChange RtcpMux, string? Protocol = null, IReadOnlyList<string>? Crypto = null)
{
    /// <summary>Drops the sender's DTLS attributes (<see cref="WebRtcSdp.DtlsAttributes"/>): we terminate DTLS.</summary>
    public bool RemoveDtls { get; init; }

    /// <summary>Attribute lines appended to the section (our ICE credentials, candidate, fingerprint, setup).</summary>
    public IReadOnlyList<string> AddAttributes { get; init; } = [];
}
