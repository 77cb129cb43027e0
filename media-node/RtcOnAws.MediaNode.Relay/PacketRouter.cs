namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// The per-datagram decision both backends share: fenced?, source accepted?, RTP or RTCP?, which socket and endpoint
/// it leaves through. Pure field reads and interlocked counter updates: no allocation, no locks.
/// </summary>
internal static class PacketRouter
{
    /// <summary>
    /// Returns true with the outgoing socket and destination when the datagram should be relayed; otherwise counts
    /// the drop (on the stream and in <paramref name="engineCounters"/>) and returns false. <paramref name="packet"/>
    /// is the receive buffer (the datagram followed by <see cref="RelayEngine.TransformHeadroom"/> spare bytes) and
    /// <paramref name="length"/> the datagram's length: the streams' <see cref="IMediaTransform"/>s rewrite both in place.
    /// </summary>
    public static bool TryRoute<TSource>(
        RelaySocket socket,
        in TSource source,
        Span<byte> packet,
        ref int length,
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

        var control = stream.ControlHandler;
        if (control is not null && length > 0 && packet[0] is <= 3 or (>= 20 and <= 63))
        {
            // RFC 7983: STUN or DTLS on a WebRTC port; it authenticates itself, so it precedes the source check.
            control.Handle(packet[..length], source.ToEndpoint().EndPoint);
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

        bool rtcp = socket.Channel == RelayChannel.Rtcp || IsMultiplexedRtcp(packet[..length]);
        stream.CounterSet.AddAccepted(rtcp, length, nowTimestamp);
        var unprotect = stream.Transform;
        if (unprotect is not null && !Transformed(unprotect.Unprotect(packet, ref length, rtcp), stream, engineCounters))
        {
            return false;
        }

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

        var protect = peer.Transform;
        if (protect is not null && !Transformed(protect.Protect(packet, ref length, rtcp), stream, engineCounters))
        {
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

    /// <summary>True when the transform let the packet through; otherwise counts a drop unless the transform consumed it.</summary>
    private static bool Transformed(MediaTransformResult result, RelayStream stream, EngineCounterSet engineCounters)
    {
        if (result == MediaTransformResult.Relay)
        {
            return true;
        }

        if (result != MediaTransformResult.Consumed)
        {
            Drop(stream, engineCounters, result switch
            {
                MediaTransformResult.Unauthenticated => DropReason.Unauthenticated,
                MediaTransformResult.Replayed => DropReason.Replayed,
                MediaTransformResult.Malformed => DropReason.Malformed,
                MediaTransformResult.NotKeyed => DropReason.NotKeyed,
                MediaTransformResult.NoRoom => DropReason.Oversize,
                _ => DropReason.Error,
            });
        }

        return false;
    }

    /// <summary>RFC 5761 section 4: on a multiplexed port, a second byte of 192-223 (RTCP packet types 200-204 and kin) is RTCP.</summary>
    private static bool IsMultiplexedRtcp(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;
}
