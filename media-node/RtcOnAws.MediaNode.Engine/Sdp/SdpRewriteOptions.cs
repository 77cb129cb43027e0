using System.Net;

namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>Session-wide rewrite choices.</summary>
/// <param name="Address">The node's media address that replaces every <c>c=</c> address.</param>
/// <param name="ReplaceOrigin">Also replace the address of the <c>o=</c> line (<c>replace: origin</c>).</param>
/// <param name="RemoveIce">Strip ICE attributes (<c>a=candidate</c>, <c>a=ice-*</c>, ...) so endpoints use c=/m=.</param>
public sealed record SdpRewriteOptions(IPAddress Address, bool ReplaceOrigin, bool RemoveIce)
{
    /// <summary>Drops session-level DTLS attributes (media sections get ours through <see cref="SdpMediaRewrite"/>).</summary>
    public bool RemoveDtls { get; init; }

    /// <summary>Session-level attribute lines added after the session's own (e.g. <c>a=ice-lite</c>).</summary>
    public IReadOnlyList<string> SessionAttributes { get; init; } = [];
}
