using System.Net;

namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// A stream learned (or, in <see cref="EndpointLearning.Heuristic"/> mode, committed to) its remote endpoint for one channel.
/// Raised on a thread-pool thread, never on an event-loop thread, so handlers may block briefly (e.g. write to Redis).
/// </summary>
public sealed class EndpointLearnedEventArgs : EventArgs
{
    internal EndpointLearnedEventArgs(RelayStream stream, RelayChannel channel, IPEndPoint endPoint)
    {
        Stream = stream;
        Channel = channel;
        EndPoint = endPoint;
    }

    /// <summary>The stream whose remote endpoint was learned.</summary>
    public RelayStream Stream { get; }

    /// <summary>Which channel: RTP, or RTCP on its own port.</summary>
    public RelayChannel Channel { get; }

    /// <summary>The learned remote endpoint of <see cref="Channel"/>; media for this stream's remote party now goes there.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The stream's learned RTP endpoint now (null if only RTCP was learned so far).</summary>
    public IPEndPoint? LearnedRtp => Stream.LearnedRtp;

    /// <summary>The stream's learned RTCP endpoint now (the RTP one with rtcp-mux; null if not learned yet).</summary>
    public IPEndPoint? LearnedRtcp => Stream.LearnedRtcp;
}
