namespace RtcOnAws.MediaNode.WebRtc.Ice;

/// <summary>Per-leg STUN counters, shown in <c>query</c> so a probing stranger is visible.</summary>
public sealed class IceLiteStatistics
{
    private long _answered;
    private long _nominations;
    private long _malformed;
    private long _unknownUsername;
    private long _badIntegrity;

    public long Answered => Interlocked.Read(ref _answered);

    public long Nominations => Interlocked.Read(ref _nominations);

    public long DroppedMalformed => Interlocked.Read(ref _malformed);

    public long DroppedUnknownUsername => Interlocked.Read(ref _unknownUsername);

    public long DroppedBadIntegrity => Interlocked.Read(ref _badIntegrity);

    internal void Record(IceCheckOutcome outcome)
    {
        switch (outcome)
        {
            case IceCheckOutcome.Answered:
                Interlocked.Increment(ref _answered);
                break;
            case IceCheckOutcome.Nominated:
                Interlocked.Increment(ref _answered);
                Interlocked.Increment(ref _nominations);
                break;
            case IceCheckOutcome.DroppedMalformed:
                Interlocked.Increment(ref _malformed);
                break;
            case IceCheckOutcome.DroppedUnknownUsername:
                Interlocked.Increment(ref _unknownUsername);
                break;
            case IceCheckOutcome.DroppedBadIntegrity:
                Interlocked.Increment(ref _badIntegrity);
                break;
        }
    }
}
