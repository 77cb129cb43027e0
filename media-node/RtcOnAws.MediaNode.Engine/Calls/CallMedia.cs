using System.Net;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// One SDP media section of one party: the relay stream whose ports face that party, and what that party's SDP
/// said. Read it only through <see cref="CallRegistry.Inspect{T}"/> (the registry lock guards it).
/// </summary>
public sealed class CallMedia
{
    internal CallMedia(int index, string mediaType, string protocol, RelayStream? stream)
    {
        Index = index;
        MediaType = mediaType;
        Protocol = protocol;
        Stream = stream;
    }

    /// <summary>1-based SDP media index.</summary>
    public int Index { get; }

    /// <summary>"audio", "video", ...</summary>
    public string MediaType { get; }

    /// <summary>The transport protocol from the m= line.</summary>
    public string Protocol { get; }

    /// <summary>The node's sockets facing this party; null when the media is rejected.</summary>
    public RelayStream? Stream { get; internal set; }

    /// <summary>The RTP endpoint this party advertised (null until its SDP arrived, or on hold).</summary>
    public IPEndPoint? ExpectedRtp { get; internal set; }

    /// <summary>The RTCP endpoint this party advertised.</summary>
    public IPEndPoint? ExpectedRtcp { get; internal set; }

    /// <summary>True when this party's SDP carried a=rtcp-mux.</summary>
    public bool RtcpMuxOffered { get; internal set; }

    /// <summary>The endpoint learning mode in effect.</summary>
    public EndpointLearning EndpointLearning { get; internal set; }

    /// <summary>ICE-lite and DTLS-SRTP state when this party's side is a WebRTC leg; null for plain RTP.</summary>
    public WebRtcMedia? WebRtc { get; internal set; }

    /// <summary>True when the media is rejected (port 0).</summary>
    public bool IsRejected => Stream is null;
}
