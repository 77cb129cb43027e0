using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// What a standby needs to carry a WebRTC leg through a failover without a new handshake: our ICE credentials (the
/// browser's consent checks keep using them), the negotiated DTLS facts (so a re-offer can tell a real change), and
/// the DTLS-exported SRTP master keys with each SSRC's position. Secret material: the replica store must be private.
/// </summary>
/// <param name="LocalUfrag">Our ICE ufrag.</param>
/// <param name="LocalPassword">Our ICE password.</param>
/// <param name="RemoteUfrag">The party's ICE ufrag.</param>
/// <param name="LocalSetup">Our <c>a=setup</c>.</param>
/// <param name="Role">"server" or "client" once negotiated.</param>
/// <param name="RemoteFingerprint">The party's <c>a=fingerprint</c> value.</param>
/// <param name="SrtpProfile">The use_srtp profile (1 AES-CM-80, 7 AEAD-GCM-128) once keyed.</param>
/// <param name="LocalKey">Base64 master key we protect with.</param>
/// <param name="LocalSalt">Base64 master salt we protect with.</param>
/// <param name="RemoteKey">Base64 master key we unprotect with.</param>
/// <param name="RemoteSalt">Base64 master salt we unprotect with.</param>
/// <param name="Inbound">Per-SSRC position of the unprotecting context.</param>
/// <param name="Outbound">Per-SSRC position of the protecting context.</param>
public sealed record WebRtcMediaSnapshot(
    string LocalUfrag,
    string LocalPassword,
    string? RemoteUfrag,
    string LocalSetup,
    string? Role,
    string? RemoteFingerprint,
    int? SrtpProfile,
    string? LocalKey,
    string? LocalSalt,
    string? RemoteKey,
    string? RemoteSalt,
    IReadOnlyList<SrtpSourceSnapshot> Inbound,
    IReadOnlyList<SrtpSourceSnapshot> Outbound);
