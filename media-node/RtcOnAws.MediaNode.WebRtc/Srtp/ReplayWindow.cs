namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// The replay list of RFC 3711 section 3.3.2 as a sliding bitmap over the last <see cref="Size"/> packet indices
/// (SRTP's 48-bit index, or SRTCP's 31-bit one). A mutable struct kept inside its owner's array; not thread-safe.
/// </summary>
internal struct ReplayWindow
{
    /// <summary>Packets remembered behind the highest index (RFC 3711 asks for at least 64).</summary>
    public const int Size = 128;

    private ulong _highest;
    private UInt128 _seen;
    private bool _started;

    /// <summary>The highest index accepted so far (0 before the first).</summary>
    public readonly ulong Highest => _highest;

    /// <summary>True when <paramref name="index"/> is new: ahead of the window, or inside it and not yet seen.</summary>
    public readonly bool IsFresh(ulong index)
    {
        if (!_started || index > _highest)
        {
            return true;
        }

        ulong behind = _highest - index;
        return behind < Size && (_seen & (UInt128.One << (int)behind)) == UInt128.Zero;
    }

    /// <summary>Records an authenticated <paramref name="index"/> (call only after <see cref="IsFresh"/> and the tag check).</summary>
    public void Accept(ulong index)
    {
        if (!_started || index > _highest)
        {
            ulong ahead = _started ? index - _highest : Size;
            _seen = ahead >= Size ? UInt128.One : (_seen << (int)ahead) | UInt128.One;
            _highest = index;
            _started = true;
            return;
        }

        _seen |= UInt128.One << (int)(_highest - index);
    }

    /// <summary>Starts from an index restored from elsewhere (an HA peer): everything up to it counts as seen.</summary>
    public void Restore(ulong highest)
    {
        _highest = highest;
        _seen = UInt128.MaxValue;
        _started = true;
    }
}
