namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// How a stream learns where its remote party really sends from (rtpengine's <c>--endpoint-learning</c>, plus the
/// RTP-Bleed-safe <see cref="Strict"/> default). In every mode, once an endpoint is learned, packets from any other
/// source are dropped and counted as <see cref="DropReason.StrictSource"/>.
/// </summary>
public enum EndpointLearning
{
    /// <summary>
    /// Default, RTP-Bleed-safe: only packets whose source equals the address and port from the SDP are accepted; the
    /// first one confirms (learns) the endpoint. A stranger can never take over the stream, at the price of not
    /// traversing NAT that rewrites the source.
    /// </summary>
    Strict = 0,

    /// <summary>
    /// rtpengine's <c>heuristic</c>: during a learning window (3 s by default, from the first packet) packets from any
    /// source are relayed and sources are ranked — address and port equal to the SDP (learned at once), then same
    /// address, then same port, then anything; the best one is learned when the window ends.
    /// </summary>
    Heuristic = 1,

    /// <summary>rtpengine's <c>immediate</c>: the source of the first packet is learned, whatever it is.</summary>
    Immediate = 2,

    /// <summary>
    /// rtpengine's <c>off</c>: nothing is learned; media is always sent to the SDP address and only packets from the
    /// SDP address are accepted.
    /// </summary>
    Off = 3,
}
