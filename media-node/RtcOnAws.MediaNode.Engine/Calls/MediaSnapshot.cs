using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.Engine.Calls;

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
/// <param name="Sdes">The SDES-SRTP state of this party's leg; null for a plain RTP leg.</param>
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
    [property: JsonConverter(typeof(JsonStringEnumConverter<Relay.EndpointLearning>))] Relay.EndpointLearning EndpointLearning,
    SdesSnapshot? Sdes = null)
{
    /// <summary>ICE, DTLS and SRTP state when this party's side is a WebRTC leg; null for plain RTP.</summary>
    public WebRtcMediaSnapshot? WebRtc { get; init; }

    /// <summary>True when the media was rejected (port 0) and nothing is allocated for it.</summary>
    [JsonIgnore]
    public bool IsRejected => RtpPort == 0;
}
