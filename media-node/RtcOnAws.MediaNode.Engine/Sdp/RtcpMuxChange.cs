namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>What the rewrite does with a media section's <c>a=rtcp-mux</c> attribute.</summary>
public enum RtcpMuxChange
{
    /// <summary>Leave it as it was (present or absent).</summary>
    Keep,

    /// <summary>Make sure it is present (added at the end of the section if missing).</summary>
    Add,

    /// <summary>Make sure it is absent.</summary>
    Remove,
}
