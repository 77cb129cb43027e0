using System.Net;

namespace RtcOnAws.MediaNode.Engine.Hosting;

/// <summary>A logical media interface (rtpengine <c>--interface NAME/ADDRESS!ADVERTISED</c>): its name and the address SDP advertises on it.</summary>
/// <param name="Name">The name the ng <c>direction</c> key uses.</param>
/// <param name="AdvertisedAddress">The address written into SDP for a party on this interface.</param>
public sealed record MediaInterface(string Name, IPAddress AdvertisedAddress);
