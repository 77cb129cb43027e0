namespace RtcOnAws.MediaNode.Relay;

/// <summary>The two transport channels of a media stream.</summary>
public enum RelayChannel
{
    /// <summary>RTP (the even port; with rtcp-mux also carries RTCP).</summary>
    Rtp = 0,

    /// <summary>RTCP (the odd port, or the RTP port with rtcp-mux).</summary>
    Rtcp = 1,
}
