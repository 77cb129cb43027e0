namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// Refuses authentic heartbeats that are not new: our own (reflected back), from outside the clock window, or with a
/// sequence not above the last one of the same boot. A new boot id is accepted only when it is newer in time
/// than the last heartbeat seen, so replaying a previous boot's traffic gets nowhere.
/// </summary>
public sealed class HeartbeatReplayGuard
{
    private readonly string _ownNodeId;
    private readonly long _maxClockSkewMs;
    private ulong _bootId;
    private ulong _sequence;
    private long _sentUnixMs = long.MinValue;

    /// <summary>Creates a guard for the node <paramref name="ownNodeId"/>.</summary>
    public HeartbeatReplayGuard(string ownNodeId, TimeSpan maxClockSkew)
    {
        _ownNodeId = ownNodeId;
        _maxClockSkewMs = (long)maxClockSkew.TotalMilliseconds;
    }

    /// <summary>True when <paramref name="heartbeat"/> is fresh; it then becomes the reference for the next one.</summary>
    public bool Accept(in Heartbeat heartbeat, long nowUnixMs)
    {
        if (heartbeat.NodeId == _ownNodeId || Math.Abs(nowUnixMs - heartbeat.SentUnixMs) > _maxClockSkewMs)
        {
            return false;
        }

        var fresh = heartbeat.BootId == _bootId
            ? heartbeat.Sequence > _sequence
            : heartbeat.SentUnixMs > _sentUnixMs;
        if (!fresh)
        {
            return false;
        }

        _bootId = heartbeat.BootId;
        _sequence = heartbeat.Sequence;
        _sentUnixMs = heartbeat.SentUnixMs;
        return true;
    }
}
