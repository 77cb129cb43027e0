using System.Net;

namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>Session-wide rewrite choices.</summary>
/// <param name="Address">The node's media address that replaces every <c>c=</c> address.</param>
/// <param name="ReplaceOrigin">Also replace the address of the <c>o=</c> line (<c>replace: origin</c>).</param>
/// <param name="RemoveIce">Strip ICE attributes (<c>a=candidate</c>, <c>a=ice-*</c>, ...) so endpoints use c=/m=.</param>
public sealed record SdpRewriteOptions(IPAddress Address, bool ReplaceOrigin, bool RemoveIce);
