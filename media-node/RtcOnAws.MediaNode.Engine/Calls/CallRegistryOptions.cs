using System.Net;
using RtcOnAws.MediaNode.Relay;
using RtcOnAws.MediaNode.WebRtc.Dtls;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>How the registry allocates and advertises media.</summary>
public sealed record CallRegistryOptions
{
    /// <summary>
    /// The address written into rewritten SDP (c=, a=rtcp) for a party on the default interface; normally the address the
    /// port pool binds.
    /// </summary>
    public required IPAddress AdvertisedAddress { get; init; }

    /// <summary>
    /// The address written into SDP for a party on each named logical interface (chosen per party by the ng
    /// <c>direction</c> key), all of <see cref="AdvertisedAddress"/>'s family. Default: none (every party gets <see cref="AdvertisedAddress"/>).
    /// </summary>
    public IReadOnlyDictionary<string, IPAddress> InterfaceAddresses { get; init; } = new Dictionary<string, IPAddress>();

    /// <summary>Endpoint learning when a request does not choose one. Default <see cref="EndpointLearning.Strict"/> (RTP-Bleed-safe).</summary>
    public EndpointLearning DefaultEndpointLearning { get; init; } = EndpointLearning.Strict;

    /// <summary>The node's DTLS certificate for WebRTC legs. Default: an ECDSA P-256 certificate generated when the
    /// registry is created. An HA pair's nodes use the same one (a file, or the pair's one in Redis set with
    /// <see cref="CallRegistry.UseDtlsCertificate"/>) so the fingerprint survives a failover.</summary>
    public DtlsCertificate? DtlsCertificate { get; init; }

    /// <summary>Bind with IP_FREEBIND (a standby binds a floating address it does not own yet). Default false.</summary>
    public bool FreeBind { get; init; }
}
