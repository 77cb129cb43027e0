using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// Everything needed to re-create a call on another node so it resumes forwarding: tags, per-media ports, the
/// endpoints expected from SDP and the endpoints learned from traffic. Plain records so they serialize with
/// System.Text.Json; endpoints are "address:port" strings (<c>[v6]:port</c> for IPv6) as <see cref="System.Net.IPEndPoint.Parse(string)"/> reads them.
/// </summary>
/// <param name="Version">Format version (<see cref="CurrentVersion"/>); bump on incompatible changes.</param>
/// <param name="CallId">The SIP Call-ID.</param>
/// <param name="CreatedUnixSeconds">When the first offer arrived.</param>
/// <param name="LastSignalUnixSeconds">When the last offer/answer arrived.</param>
/// <param name="OffererTag">The tag of the party that sent the last offer (its media carry the offer flags).</param>
/// <param name="RtcpMux">The rtcp-mux flags of the last offer, needed to process the answer.</param>
/// <param name="Legs">One entry per party (at most two); <c>Legs[0].Medias[i]</c> relays to <c>Legs[1].Medias[i]</c>.</param>
public sealed record CallSnapshot(
    int Version,
    string CallId,
    long CreatedUnixSeconds,
    long LastSignalUnixSeconds,
    string OffererTag,
    [property: JsonConverter(typeof(JsonStringEnumConverter<RtcpMuxFlags>))] RtcpMuxFlags RtcpMux,
    IReadOnlyList<LegSnapshot> Legs)
{
    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 1;
}

/// <summary>One party of a call.</summary>
/// <param name="Tag">Its SIP tag ("" while the answerer has not been seen).</param>
/// <param name="Label">Its ng label, if any.</param>
/// <param name="ViaBranch">The Via branch of its last message, if any.</param>
/// <param name="CreatedUnixSeconds">When the tag was first seen.</param>
/// <param name="Medias">Its media, by SDP index.</param>
public sealed record LegSnapshot(string Tag, string? Label, string? ViaBranch, long CreatedUnixSeconds, IReadOnlyList<MediaSnapshot> Medias);

/// <summary>One media section of one party: the node's ports facing that party and that party's endpoints.</summary>
/// <param name="Index">1-based SDP media index.</param>
/// <param name="MediaType">"audio", "video", ...</param>
/// <param name="Protocol">"RTP/AVP", ...</param>
/// <param name="RtpPort">Local RTP port facing this party; 0 when the media is rejected (nothing allocated).</param>
/// <param name="RtcpPort">Local RTCP port (equals <paramref name="RtpPort"/> for a mux-only allocation).</param>
/// <param name="RtcpMuxOnly">True when no separate RTCP socket is bound.</param>
/// <param name="RtcpMuxOffered">True when this party's SDP carried a=rtcp-mux.</param>
/// <param name="ExpectedRtp">The RTP endpoint from its SDP (null when on hold / unknown).</param>
/// <param name="ExpectedRtcp">The RTCP endpoint from its SDP.</param>
/// <param name="LearnedRtp">The RTP endpoint learned from traffic, if any.</param>
/// <param name="LearnedRtcp">The RTCP endpoint learned from traffic, if any.</param>
/// <param name="EndpointLearning">The learning mode in effect.</param>
public sealed record MediaSnapshot(
    int Index,
    string MediaType,
    string Protocol,
    int RtpPort,
    int RtcpPort,
    bool RtcpMuxOnly,
    bool RtcpMuxOffered,
    string? ExpectedRtp,
    string? ExpectedRtcp,
    string? LearnedRtp,
    string? LearnedRtcp,
    [property: JsonConverter(typeof(JsonStringEnumConverter<Relay.EndpointLearning>))] Relay.EndpointLearning EndpointLearning)
{
    /// <summary>True when the media was rejected (port 0) and nothing is allocated for it.</summary>
    [JsonIgnore]
    public bool IsRejected => RtpPort == 0;
}
