using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// Everything needed to re-create a call on another node so it resumes forwarding: tags, per-media ports, the
/// endpoints expected from SDP and the endpoints learned from traffic. Plain records so they serialize with
/// System.Text.Json; endpoints are "address:port" strings (<c>[v6]:port</c> for IPv6) as <see cref="System.Net.IPEndPoint.Parse(string)"/> reads them.
/// </summary>
/// <param name="Version">Format version (<see cref="CurrentVersion"/>); bump on incompatible changes.</param>
/// <param name="CallId">The SIP Call-ID.</param>
/// <param name="CreatedUnixSeconds">When the first offer arrived.</param>
/// <param name="LastSignalUnixSeconds">When the last offer/answer arrived.</param>
/// <param name="OffererTag">The tag of the party that sent the last offer (its media carry the offer flags).</param>
/// <param name="RtcpMux">The rtcp-mux flags of the last offer, needed to process the answer.</param>
/// <param name="Legs">One entry per party (at most two); <c>Legs[0].Medias[i]</c> relays to <c>Legs[1].Medias[i]</c>.</param>
public sealed record CallSnapshot(
    int Version,
    string CallId,
    long CreatedUnixSeconds,
    long LastSignalUnixSeconds,
    string OffererTag,
    [property: JsonConverter(typeof(JsonStringEnumConverter<RtcpMuxFlags>))] RtcpMuxFlags RtcpMux,
    IReadOnlyList<LegSnapshot> Legs)
{
    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 1;
}
