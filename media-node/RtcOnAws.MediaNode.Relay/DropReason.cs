namespace RtcOnAws.MediaNode.Relay;

/// <summary>Why a received datagram was not relayed.</summary>
public enum DropReason
{
    /// <summary>The source is not the expected or learned remote endpoint (RTP Bleed / injection attempt, or NAT with <see cref="EndpointLearning.Strict"/>).</summary>
    StrictSource = 0,

    /// <summary><see cref="RelayEngine.ForwardingEnabled"/> is off or <see cref="RelayEngine.ForwardingDeadline"/> has passed (the node has fenced itself).</summary>
    Fenced = 1,

    /// <summary>The stream has no peer, or the peer has no destination yet, or the peer was disposed.</summary>
    NoPeer = 2,

    /// <summary>The datagram was larger than <see cref="RelayEngineOptions.ReceiveBufferSize"/>.</summary>
    Oversize = 3,

    /// <summary>A socket error while receiving or sending (for example a full send buffer).</summary>
    Error = 4,

    /// <summary>An SRTP/SRTCP authentication tag did not verify (<see cref="IMediaTransform"/>).</summary>
    Unauthenticated = 5,

    /// <summary>An SRTP/SRTCP packet already received or older than the replay window (<see cref="IMediaTransform"/>).</summary>
    Replayed = 6,

    /// <summary>A packet too short or malformed for the stream's <see cref="IMediaTransform"/>.</summary>
    Malformed = 7,

    /// <summary>The stream's <see cref="IMediaTransform"/> has no keys yet (handshake running) or its keys are spent.</summary>
    NotKeyed = 8,
}
