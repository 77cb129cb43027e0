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
}
