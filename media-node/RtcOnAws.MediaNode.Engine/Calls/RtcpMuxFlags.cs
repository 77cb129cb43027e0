namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>The ng <c>rtcp-mux</c> list (rtpengine semantics); none set means "go along with the client".</summary>
[Flags]
public enum RtcpMuxFlags
{
    /// <summary>Go along with what the offerer and answerer do.</summary>
    None = 0,

    /// <summary>Always offer rtcp-mux to the answerer, even if the offerer did not.</summary>
    Offer = 1,

    /// <summary>Like <see cref="Offer"/>, and advertise no separate RTCP port to the answerer (WebRTC).</summary>
    Require = 2,

    /// <summary>Do not offer rtcp-mux to the answerer, but accept it back to an offerer that offered it.</summary>
    Demux = 4,

    /// <summary>Accept rtcp-mux back to an offerer that offered it, and pass the offer on.</summary>
    Accept = 8,

    /// <summary>Strip rtcp-mux from both directions.</summary>
    Reject = 16,
}
