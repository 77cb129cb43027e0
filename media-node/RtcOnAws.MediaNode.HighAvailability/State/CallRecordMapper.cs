using System.Net;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>Converts between the engine's <see cref="CallSnapshot"/> and the stored <see cref="CallRecord"/>.</summary>
public static class CallRecordMapper
{
    private const string RtcpMuxFlagPrefix = "rtcp-mux-";

    /// <summary>The record the active writes for <paramref name="snapshot"/>.</summary>
    public static CallRecord ToRecord(CallSnapshot snapshot, string nodeId, IPAddress localAddress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(localAddress);
        var address = localAddress.ToString();
        return new CallRecord(
            CallRecord.CurrentVersion,
            nodeId,
            snapshot.CallId,
            snapshot.CreatedUnixSeconds,
            snapshot.LastSignalUnixSeconds,
            now.ToUnixTimeMilliseconds(),
            snapshot.OffererTag,
            FlagNames(snapshot.RtcpMux),
            snapshot.Legs.Select(leg => new LegRecord(
                leg.Tag,
                leg.Label,
                leg.ViaBranch,
                leg.CreatedUnixSeconds,
                leg.Medias.Select(m => new MediaRecord(
                    m.Index,
                    m.MediaType,
                    m.Protocol,
                    address,
                    m.RtpPort,
                    m.RtcpPort,
                    m.RtcpMuxOnly,
                    m.RtcpMuxOffered,
                    m.ExpectedRtp,
                    m.ExpectedRtcp,
                    m.LearnedRtp,
                    m.LearnedRtcp,
                    LearningName(m.EndpointLearning),
                    m.Sdes,
                    m.WebRtc)).ToArray(),
                leg.InterfaceName)).ToArray());
    }

    /// <summary>The snapshot a standby restores from a record already validated by <see cref="CallRecordCodec.Decode"/>.</summary>
    public static CallSnapshot ToSnapshot(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new CallSnapshot(
            CallSnapshot.CurrentVersion,
            record.CallId,
            record.CreatedAt,
            record.LastSignalAt,
            record.OffererTag ?? string.Empty,
            ParseFlags(record.Flags),
            record.Legs.Select(leg => new LegSnapshot(
                leg.Tag,
                leg.Label,
                leg.ViaBranch,
                leg.CreatedAt,
                leg.Media.Select(m => new MediaSnapshot(
                    m.Index,
                    m.Type,
                    m.Protocol,
                    m.RtpPort,
                    m.RtcpPort,
                    m.RtcpMuxOnly,
                    m.RtcpMuxOffered,
                    Normalize(m.SdpRtp),
                    Normalize(m.SdpRtcp),
                    Normalize(m.LearnedRtp),
                    Normalize(m.LearnedRtcp),
                    ParseLearning(m.Learning),
                    m.Sdes) { WebRtc = m.WebRtc }).ToArray(),
                leg.Interface)).ToArray());
    }

    /// <summary>The stored name of a learning mode.</summary>
    public static string LearningName(EndpointLearning mode) => mode.ToString().ToLowerInvariant();

    private static EndpointLearning ParseLearning(string name) =>
        Enum.TryParse<EndpointLearning>(name, ignoreCase: true, out var mode) ? mode : EndpointLearning.Strict;

    private static string[] FlagNames(RtcpMuxFlags flags) =>
        Enum.GetValues<RtcpMuxFlags>()
            .Where(f => f != RtcpMuxFlags.None && flags.HasFlag(f))
            .Select(f => RtcpMuxFlagPrefix + f.ToString().ToLowerInvariant())
            .ToArray();

    private static RtcpMuxFlags ParseFlags(IEnumerable<string> names)
    {
        var flags = RtcpMuxFlags.None;
        foreach (var name in names)
        {
            if (name.StartsWith(RtcpMuxFlagPrefix, StringComparison.Ordinal)
                && Enum.TryParse<RtcpMuxFlags>(name[RtcpMuxFlagPrefix.Length..], ignoreCase: true, out var flag))
            {
                flags |= flag;
            }
        }

        return flags;
    }

    // Endpoints were validated with EndpointText; hand the engine the form IPEndPoint.ToString() produces.
    private static string? Normalize(string? endpoint) => EndpointText.ParseOptional(endpoint)?.ToString();
}
