namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// The per-datagram decision both backends share: fenced?, source accepted?, RTP or RTCP?, which socket and endpoint
/// it leaves through. Pure field reads and interlocked counter updates: no allocation, no locks.
/// </summary>
internal static class PacketRouter
{
    /// <summary>
    /// Returns true with the outgoing socket and destination when the datagram should be relayed; otherwise counts
    /// the drop (on the stream and in <paramref name="engineCounters"/>) and returns false.
    /// </summary>
    public static bool TryRoute<TSource>(
        RelaySocket socket,
        in TSource source,
        ReadOnlySpan<byte> datagram,
        long nowTimestamp,
        bool forwardingEnabled,
        EngineCounterSet engineCounters,
        out RelaySocket? target,
        out MediaEndpoint? destination)
        where TSource : struct, IPacketSource
    {
        target = null;
        destination = null;
        var stream = socket.Stream;
        if (!forwardingEnabled)
        {
            Drop(stream, engineCounters, DropReason.Fenced);
            return false;
        }

        var verdict = socket.Learner.Check(source, nowTimestamp);
        if ((verdict & LearningVerdict.Learned) != 0)
        {
            socket.AnnounceLearned();
        }

        if ((verdict & LearningVerdict.Accept) == 0)
        {
            Drop(stream, engineCounters, DropReason.StrictSource);
            return false;
        }

        bool rtcp = socket.Channel == RelayChannel.Rtcp || IsMultiplexedRtcp(datagram);
        stream.CounterSet.AddAccepted(rtcp, datagram.Length, nowTimestamp);
        var peer = stream.Peer;
        if (peer is null)
        {
            Drop(stream, engineCounters, DropReason.NoPeer);
            return false;
        }

        var outgoing = peer.OutgoingSocket(rtcp);
        var peerDestination = outgoing.Learner.Destination;
        if (peerDestination is null || outgoing.IsClosed)
        {
            Drop(stream, engineCounters, DropReason.NoPeer);
            return false;
        }

        target = outgoing;
        destination = peerDestination;
        return true;
    }

    public static void Drop(RelayStream stream, EngineCounterSet engineCounters, DropReason reason, long packets = 1)
    {
        stream.CounterSet.AddDropped(reason, packets);
        engineCounters.AddDropped(reason, packets);
    }

    /// <summary>RFC 5761 section 4: on a multiplexed port, a second byte of 192-223 (RTCP packet types 200-204 and kin) is RTCP.</summary>
    private static bool IsMultiplexedRtcp(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;
}
