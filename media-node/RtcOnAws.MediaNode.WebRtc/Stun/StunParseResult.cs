namespace RtcOnAws.MediaNode.WebRtc.Stun;

/// <summary>Why a datagram was or was not accepted as a STUN message.</summary>
public enum StunParseResult
{
    Ok,
    TooShort,
    NotStun,
    LengthMismatch,
    MalformedAttribute,
    AttributeAfterFingerprint,
    BadFingerprint,
}
