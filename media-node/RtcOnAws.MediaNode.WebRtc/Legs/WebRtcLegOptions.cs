using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.WebRtc.Legs;

/// <summary>What a WebRTC leg needs from the two SDPs.</summary>
/// <param name="Certificate">The node's DTLS certificate (its fingerprint is in our SDP).</param>
/// <param name="RemoteFingerprint">The peer's <c>a=fingerprint</c>; its certificate must match.</param>
/// <param name="Role">Our DTLS role from the negotiated <c>a=setup</c>.</param>
/// <param name="RemoteIceUfrag">The peer's <c>a=ice-ufrag</c>, checked in every binding request's USERNAME.</param>
public sealed record WebRtcLegOptions(DtlsCertificate Certificate, DtlsFingerprint RemoteFingerprint, DtlsRole Role, string? RemoteIceUfrag);
