using RtcOnAws.MediaNode.WebRtc.Srtp;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// What an HA standby needs to carry one party's SDES-SRTP leg through a takeover: both keys (the party cannot be
/// asked again mid-call), the keys still offered to it if its answer has not arrived, and the rollover counters and
/// SRTCP indices of both directions, without which a call older than one sequence-number wrap would fail to decrypt.
/// Contains key material: the store must be private (see docs/media-node.md).
/// </summary>
/// <param name="Remote">The party's <c>a=crypto</c> value (its sending key); null until known.</param>
/// <param name="Local">Our <c>a=crypto</c> value towards it; null until agreed.</param>
/// <param name="Offered">Our <c>a=crypto</c> values offered to it and not yet answered.</param>
/// <param name="Inbound">Per-SSRC position of what it sends (unprotected with <paramref name="Remote"/>).</param>
/// <param name="Outbound">Per-SSRC position of what we send it (protected with <paramref name="Local"/>).</param>
public sealed record SdesSnapshot(
    string? Remote,
    string? Local,
    IReadOnlyList<string> Offered,
    IReadOnlyList<SrtpSourceSnapshot> Inbound,
    IReadOnlyList<SrtpSourceSnapshot> Outbound);
