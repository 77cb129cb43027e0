namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>The ng <c>ICE</c> key.</summary>
public enum IceOption
{
    /// <summary>ICE-lite on WebRTC legs (they need it), none on plain RTP legs.</summary>
    Default,

    /// <summary>Accepted for rtpengine compatibility and the same as <see cref="Default"/>: media-node runs ICE only
    /// together with DTLS-SRTP, so a WebRTC leg always gets it and a plain leg never does.</summary>
    Force,

    /// <summary>No ICE attributes towards the recipient of this SDP; refused when that recipient is a WebRTC leg,
    /// which cannot work without ICE.</summary>
    Remove,
}
