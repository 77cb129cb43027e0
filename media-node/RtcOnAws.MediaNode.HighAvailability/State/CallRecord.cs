using System.Text.Json.Serialization;
using RtcOnAws.MediaNode.Engine.Calls;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>
/// One call as stored in Redis: everything a standby needs to bind the same ports and resume forwarding.
/// Serialized as JSON with <c>"v":1</c> so a reader can refuse values written in another format.
/// <c>Legs[0].Media[i]</c> relays to <c>Legs[1].Media[i]</c>.
/// </summary>
/// <param name="Version">Format version; <see cref="CurrentVersion"/> is the only one this build reads.</param>
/// <param name="NodeId">Node that wrote the value (the active).</param>
/// <param name="CallId">SIP Call-ID, as given in the ng <c>call-id</c> key.</param>
/// <param name="CreatedAt">Unix seconds when the first offer arrived.</param>
/// <param name="LastSignalAt">Unix seconds of the last offer/answer.</param>
/// <param name="UpdatedAtMs">Unix milliseconds when this value was produced (signalling change or endpoint learned).</param>
/// <param name="OffererTag">Tag of the party that sent the last offer.</param>
/// <param name="Flags">Call-level flags that change forwarding, e.g. <c>rtcp-mux-offer</c>.</param>
/// <param name="Legs">The call's parties (one before the answer, then two).</param>
public sealed record CallRecord(
    [property: JsonPropertyName("v")] int Version,
    string NodeId,
    string CallId,
    long CreatedAt,
    long LastSignalAt,
    long UpdatedAtMs,
    string OffererTag,
    IReadOnlyList<string> Flags,
    IReadOnlyList<LegRecord> Legs)
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Every media of the call.</summary>
    public IEnumerable<MediaRecord> AllMedia() => Legs.SelectMany(l => l.Media);
}

/// <summary>One party (one SIP tag) of a call.</summary>
/// <param name="Tag">The party's tag (empty until the answerer is known).</param>
/// <param name="Label">Optional ng <c>label</c>.</param>
/// <param name="ViaBranch">Via branch of its last message, if any.</param>
/// <param name="CreatedAt">Unix seconds when the tag was first seen.</param>
/// <param name="Media">The party's media, in SDP order.</param>
/// <param name="Interface">The logical interface the party is on (ng <c>direction</c>); null for the node's default.</param>
public sealed record LegRecord(string Tag, string? Label, string? ViaBranch, long CreatedAt, IReadOnlyList<MediaRecord> Media, string? Interface = null);

/// <summary>One media of one party: our ports facing it, what its SDP said and what we learned from its traffic.</summary>
/// <param name="Index">1-based SDP media index.</param>
/// <param name="Type">SDP media type, e.g. <c>audio</c>.</param>
/// <param name="Protocol">SDP transport protocol, e.g. <c>RTP/AVP</c>.</param>
/// <param name="LocalAddress">Our address the ports are bound on (the floating address of the pair).</param>
/// <param name="RtpPort">Our RTP port (even); 0 when the media was rejected and nothing is bound.</param>
/// <param name="RtcpPort">Our RTCP port (RTP + 1), the RTP port for a mux-only allocation, 0 when rejected.</param>
/// <param name="RtcpMuxOnly">No separate RTCP port is bound.</param>
/// <param name="RtcpMuxOffered">The party's SDP carried <c>a=rtcp-mux</c>.</param>
/// <param name="SdpRtp">The party's RTP endpoint from SDP (<c>ip:port</c>), if known.</param>
/// <param name="SdpRtcp">The party's RTCP endpoint from SDP, if known.</param>
/// <param name="LearnedRtp">The party's RTP endpoint learned from traffic, if any.</param>
/// <param name="LearnedRtcp">The party's RTCP endpoint learned from traffic, if any.</param>
/// <param name="Learning">Endpoint learning mode: <c>strict</c>, <c>heuristic</c>, <c>immediate</c> or <c>off</c>.</param>
/// <param name="Sdes">SDES-SRTP keys and rollover counters of the party's leg (absent for plain RTP).</param>
/// <param name="WebRtc">ICE credentials, DTLS facts, DTLS-exported SRTP keys and rollover counters of a WebRTC leg.</param>
public sealed record MediaRecord(
    int Index,
    string Type,
    string Protocol,
    string LocalAddress,
    int RtpPort,
    int RtcpPort,
    bool RtcpMuxOnly,
    bool RtcpMuxOffered,
    string? SdpRtp,
    string? SdpRtcp,
    string? LearnedRtp,
    string? LearnedRtcp,
    string Learning,
    SdesSnapshot? Sdes = null,
    WebRtcMediaSnapshot? WebRtc = null);
