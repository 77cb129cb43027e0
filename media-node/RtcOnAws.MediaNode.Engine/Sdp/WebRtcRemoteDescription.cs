using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>What a WebRTC party's SDP says about one media section's ICE and DTLS (media level wins over session).</summary>
/// <param name="Fingerprint">Its <c>a=fingerprint</c>; null when absent or unparsable.</param>
/// <param name="Setup">Its <c>a=setup</c> (actpass, active, passive); null when absent.</param>
/// <param name="IceUfrag">Its <c>a=ice-ufrag</c>; null when absent.</param>
public sealed record WebRtcRemoteDescription(DtlsFingerprint? Fingerprint, string? Setup, string? IceUfrag);
