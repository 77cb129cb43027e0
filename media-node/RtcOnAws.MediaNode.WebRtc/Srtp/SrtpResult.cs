namespace RtcOnAws.MediaNode.WebRtc.Srtp;

/// <summary>The outcome of protecting or unprotecting one packet. Everything but <see cref="Ok"/> means: do not relay it.</summary>
public enum SrtpResult
{
    /// <summary>Done; the buffer holds the result.</summary>
    Ok = 0,

    /// <summary>The authentication tag did not verify.</summary>
    AuthenticationFailed = 1,

    /// <summary>The packet index was seen before, or lies behind the replay window.</summary>
    Replayed = 2,

    /// <summary>Too short for its header and tag, not RTP version 2, or a header running past the end.</summary>
    Malformed = 3,

    /// <summary>The buffer has no room for the tag (and SRTCP index) protection appends.</summary>
    NoRoom = 4,

    /// <summary>The key's packet budget is spent (SRTCP index 2^31, RFC 3711 section 9.2) or the context was disposed: it needs a new key.</summary>
    KeyExhausted = 5,
}
