namespace RtcOnAws.MediaNode.Relay;

/// <summary>Datagrams dropped, by <see cref="DropReason"/>. A snapshot; never changes after it is taken.</summary>
public readonly record struct DropCounts(
    long StrictSource, long Fenced, long NoPeer, long Oversize, long Error, long Unauthenticated = 0, long Replayed = 0, long Malformed = 0, long NotKeyed = 0)
{
    /// <summary>All drops together.</summary>
    public long Total => StrictSource + Fenced + NoPeer + Oversize + Error + Unauthenticated + Replayed + Malformed + NotKeyed;

    /// <summary>The count for one reason.</summary>
    public long this[DropReason reason] => reason switch
    {
        DropReason.StrictSource => StrictSource,
        DropReason.Fenced => Fenced,
        DropReason.NoPeer => NoPeer,
        DropReason.Oversize => Oversize,
        DropReason.Error => Error,
        DropReason.Unauthenticated => Unauthenticated,
        DropReason.Replayed => Replayed,
        DropReason.Malformed => Malformed,
        DropReason.NotKeyed => NotKeyed,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown drop reason."),
    };

    /// <summary>Adds two sets of counts reason by reason.</summary>
    public static DropCounts operator +(DropCounts left, DropCounts right) => Add(left, right);

    /// <summary>Adds two sets of counts reason by reason.</summary>
    public static DropCounts Add(DropCounts left, DropCounts right) => new(
        left.StrictSource + right.StrictSource, left.Fenced + right.Fenced, left.NoPeer + right.NoPeer, left.Oversize + right.Oversize, left.Error + right.Error,
        left.Unauthenticated + right.Unauthenticated, left.Replayed + right.Replayed, left.Malformed + right.Malformed, left.NotKeyed + right.NotKeyed);
}
