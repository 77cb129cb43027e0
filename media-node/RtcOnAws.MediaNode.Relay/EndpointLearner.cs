namespace RtcOnAws.MediaNode.Relay;

/// <summary>
/// Source checking and endpoint learning for one socket (one channel of one stream). The event loop that owns the
/// socket is the only writer of the mutable fields; the control plane replaces the whole learner instead of editing
/// it, and other loops only read <see cref="Destination"/>, a single reference.
/// </summary>
internal sealed class EndpointLearner
{
    private const int RankExact = 3;
    private const int RankAddress = 2;
    private const int RankPort = 1;

    private readonly long _windowTicks;
    private MediaEndpoint? _learned;
    private MediaEndpoint? _candidate;
    private int _candidateRank = -1;
    private long _windowEndsAt;

    /// <param name="heuristicWindowTicks">The heuristic window in timestamp units of the engine's <see cref="TimeProvider"/>.</param>
    public EndpointLearner(EndpointLearning mode, MediaEndpoint? expected, MediaEndpoint? learned, long heuristicWindowTicks)
    {
        Mode = mode;
        Expected = expected;
        _learned = learned;
        _windowTicks = heuristicWindowTicks;
    }

    public EndpointLearning Mode { get; }

    /// <summary>The endpoint from the SDP, if known.</summary>
    public MediaEndpoint? Expected { get; }

    /// <summary>The committed endpoint, if learned.</summary>
    public MediaEndpoint? Learned => Volatile.Read(ref _learned);

    /// <summary>Where media for this remote party goes now: learned, else the best heuristic candidate, else the SDP address.</summary>
    public MediaEndpoint? Destination => Volatile.Read(ref _learned) ?? Volatile.Read(ref _candidate) ?? Expected;

    /// <summary>Decides whether a datagram from <paramref name="source"/> is accepted, learning on the way.</summary>
    public LearningVerdict Check<TSource>(in TSource source, long nowTimestamp)
        where TSource : struct, IPacketSource
    {
        var learned = _learned;
        if (learned is not null)
        {
            return source.Matches(learned) ? LearningVerdict.Accept : LearningVerdict.Reject;
        }

        var expected = Expected;
        switch (Mode)
        {
            case EndpointLearning.Strict:
                if (expected is not null && source.Matches(expected))
                {
                    Volatile.Write(ref _learned, expected);
                    return LearningVerdict.AcceptAndLearned;
                }

                return LearningVerdict.Reject;

            case EndpointLearning.Off:
                return expected is not null && source.Matches(expected) ? LearningVerdict.Accept : LearningVerdict.Reject;

            case EndpointLearning.Immediate:
                Volatile.Write(ref _learned, expected is not null && source.Matches(expected) ? expected : source.ToEndpoint());
                return LearningVerdict.AcceptAndLearned;

            default:
                return CheckHeuristic(source, expected, nowTimestamp);
        }
    }

    private LearningVerdict CheckHeuristic<TSource>(in TSource source, MediaEndpoint? expected, long nowTimestamp)
        where TSource : struct, IPacketSource
    {
        int rank = expected is null ? 0
            : source.Matches(expected) ? RankExact
            : source.MatchesAddress(expected) ? RankAddress
            : source.MatchesPort(expected) ? RankPort
            : 0;
        if (rank == RankExact)
        {
            Volatile.Write(ref _learned, expected);
            return LearningVerdict.AcceptAndLearned;
        }

        if (_windowEndsAt == 0)
        {
            _windowEndsAt = nowTimestamp + _windowTicks;
        }

        var candidate = _candidate;
        if (candidate is null || (rank > _candidateRank && !source.Matches(candidate)))
        {
            candidate = source.ToEndpoint();
            _candidateRank = rank;
            Volatile.Write(ref _candidate, candidate);
        }

        if (nowTimestamp < _windowEndsAt)
        {
            return LearningVerdict.Accept;
        }

        Volatile.Write(ref _learned, candidate);
        return source.Matches(candidate) ? LearningVerdict.AcceptAndLearned : LearningVerdict.Learned;
    }
}
