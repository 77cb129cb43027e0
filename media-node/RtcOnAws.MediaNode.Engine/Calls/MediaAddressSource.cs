namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>Where the expected media address of a party comes from.</summary>
public enum MediaAddressSource
{
    /// <summary>The <c>c=</c> address in its SDP (ng flag <c>trust address</c>, the default).</summary>
    Sdp,

    /// <summary>The SIP message's source address from <c>received-from</c> (ng flag <c>SIP source address</c>),
    /// with the ports from the SDP; used behind NATs that do not rewrite SDP.</summary>
    SipSource,
}
