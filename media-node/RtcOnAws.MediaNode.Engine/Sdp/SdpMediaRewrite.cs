namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>How one media section is rewritten: the ports the node advertises for it.</summary>
/// <param name="RtpPort">Our RTP port to put on <c>m=</c>; null leaves the section untouched (rejected media).</param>
/// <param name="RtcpPort">Our RTCP port for an existing <c>a=rtcp:</c> (the RTP port when RTCP is multiplexed).</param>
/// <param name="RtcpMux">What to do with <c>a=rtcp-mux</c>.</param>
public sealed record SdpMediaRewrite(int? RtpPort, int RtcpPort, RtcpMuxChange RtcpMux)
{
    /// <summary>Replaces the <c>m=</c> protocol (WebRTC ⇄ plain bridging); null keeps it.</summary>
    public string? Protocol { get; init; }

    /// <summary>Drops the sender's DTLS attributes (<see cref="WebRtcSdp.DtlsAttributes"/>): we terminate DTLS.</summary>
    public bool RemoveDtls { get; init; }

    /// <summary>Attribute lines appended to the section (our ICE credentials, candidate, fingerprint, setup).</summary>
    public IReadOnlyList<string> AddAttributes { get; init; } = [];
}
