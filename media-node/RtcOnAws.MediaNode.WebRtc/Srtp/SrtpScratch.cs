namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>
/// Per-thread scratch buffers for the ciphers' keystream and re-encryption work. One set per thread (an event loop)
/// instead of one per cipher keeps a call's SRTP state small: a call holds four ciphers (RTP and RTCP, each direction)
/// and would otherwise carry kilobytes of buffers that only one packet at a time on its thread can use. A cipher
/// borrows them for the span of one call and never across another cipher's call.
/// </summary>
internal static class SrtpScratch
{
    /// <summary>Covers any datagram the relay receives (its receive buffer plus transform headroom) without growing.</summary>
    private const int InitialLength = 2048 + 64;

    [ThreadStatic]
    private static byte[]? t_first;

    [ThreadStatic]
    private static byte[]? t_second;

    [ThreadStatic]
    private static byte[]? t_third;

    /// <summary>Scratch buffer one, at least <paramref name="length"/> bytes (grown once for a larger datagram, then reused).</summary>
    public static byte[] First(int length) => Ensure(ref t_first, length);

    /// <summary>Scratch buffer two, distinct from <see cref="First"/>.</summary>
    public static byte[] Second(int length) => Ensure(ref t_second, length);

    /// <summary>Scratch buffer three, distinct from the other two.</summary>
    public static byte[] Third(int length) => Ensure(ref t_third, length);

    private static byte[] Ensure(ref byte[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, InitialLength)];
        }

        return buffer;
    }
}
