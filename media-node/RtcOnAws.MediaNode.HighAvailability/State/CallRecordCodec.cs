using System.Net;
using System.Text.Json;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>Turns <see cref="CallRecord"/>s into Redis values and back, refusing anything a standby must not act on.</summary>
public static class CallRecordCodec
{
    private static readonly string[] LearningModes = ["strict", "heuristic", "immediate", "off"];

    /// <summary>UTF-8 JSON for <paramref name="record"/>.</summary>
    public static byte[] Encode(CallRecord record) =>
        JsonSerializer.SerializeToUtf8Bytes(record, CallRecordJsonContext.Default.CallRecord);

    /// <summary>
    /// Decodes and validates one value. Never throws for bad input: corrupt JSON, an unknown <c>v</c>, or a value
    /// that names ports or addresses outside <paramref name="rules"/> come back as a rejection with a message.
    /// </summary>
    public static CallRecordDecodeResult Decode(ReadOnlySpan<byte> utf8, CallRecordRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);

        // Fast path: one pass into the record; only a value that does not fit is examined again to say why.
        CallRecord? record;
        try
        {
            record = CallRecordReader.Read(utf8);
        }
        catch (JsonException e)
        {
            return ClassifyUnreadable(utf8, e);
        }

        if (record is null)
        {
            return CallRecordDecodeResult.Reject(CallRecordRejection.Corrupt, "the value is JSON null");
        }

        if (record.Version != CallRecord.CurrentVersion)
        {
            return CallRecordDecodeResult.Reject(CallRecordRejection.UnknownVersion,
                $"\"v\" is {record.Version}; this node reads only version {CallRecord.CurrentVersion}");
        }

        var error = Validate(record, rules);
        return error is null ? CallRecordDecodeResult.Ok(record) : CallRecordDecodeResult.Reject(CallRecordRejection.Invalid, error);
    }

    private static CallRecordDecodeResult ClassifyUnreadable(ReadOnlySpan<byte> utf8, JsonException error)
    {
        int version;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("v", out var v)
                || v.ValueKind != JsonValueKind.Number
                || !v.TryGetInt32(out version))
            {
                return CallRecordDecodeResult.Reject(CallRecordRejection.UnknownVersion, "the value has no numeric \"v\" field");
            }
        }
        catch (JsonException e)
        {
            return CallRecordDecodeResult.Reject(CallRecordRejection.Corrupt, $"not JSON: {e.Message}");
        }

        return version != CallRecord.CurrentVersion
            ? CallRecordDecodeResult.Reject(CallRecordRejection.UnknownVersion, $"\"v\" is {version}; this node reads only version {CallRecord.CurrentVersion}")
            : CallRecordDecodeResult.Reject(CallRecordRejection.Corrupt, $"not a call: {error.Message}");
    }

    // Runs for every value of a cold restore: no allocation unless the value is bad.
    private static string? Validate(CallRecord record, CallRecordRules rules)
    {
        if (string.IsNullOrEmpty(record.CallId))
        {
            return "call_id is empty";
        }

        if (record.Legs is null || record.Flags is null || record.Legs.Count is < 1 or > 2)
        {
            return $"call {record.CallId}: legs must be an array of one or two parties and flags an array";
        }

        if (record.Legs.Count == 2 && record.Legs[0]?.Media?.Count != record.Legs[1]?.Media?.Count)
        {
            return $"call {record.CallId}: both legs need the same number of media";
        }

        var localAddress = rules.LocalAddress.ToString();
        for (var l = 0; l < record.Legs.Count; l++)
        {
            var leg = record.Legs[l];
            if (leg is null || leg.Tag is null || leg.Media is null)
            {
                return $"call {record.CallId}: every leg needs a tag and a media array";
            }

            for (var m = 0; m < leg.Media.Count; m++)
            {
                var media = leg.Media[m];
                if (media is null)
                {
                    return $"call {record.CallId} leg {leg.Tag}: null media";
                }

                var error = ValidateMedia(media, rules, localAddress) ?? (UsedEarlier(record, l, m) ? $"rtp_port {media.RtpPort} is used twice in the call" : null);
                if (error is not null)
                {
                    return $"call {record.CallId} leg {leg.Tag} media {media.Index}: {error}";
                }
            }
        }

        return null;
    }

    private static string? ValidateMedia(MediaRecord media, CallRecordRules rules, string localAddress)
    {
        // The floating address is normally written exactly as we print it; anything else is parsed to compare.
        if (media.LocalAddress != localAddress && (!IPAddress.TryParse(media.LocalAddress, out var local) || !local.Equals(rules.LocalAddress)))
        {
            return $"local_address '{media.LocalAddress}' is not this pair's address {rules.LocalAddress}";
        }

        if (Array.IndexOf(LearningModes, media.Learning) < 0)
        {
            return $"learning '{media.Learning}' must be one of {string.Join(", ", LearningModes)}";
        }

        var endpointError = BadEndpoint("sdp_rtp", media.SdpRtp) ?? BadEndpoint("sdp_rtcp", media.SdpRtcp)
            ?? BadEndpoint("learned_rtp", media.LearnedRtp) ?? BadEndpoint("learned_rtcp", media.LearnedRtcp);
        if (endpointError is not null)
        {
            return endpointError;
        }

        if (media.RtpPort == 0)
        {
            return media.RtcpPort == 0 ? null : $"a rejected media (rtp_port 0) must have rtcp_port 0, not {media.RtcpPort}";
        }

        if (media.RtpPort % 2 != 0 || media.RtpPort < rules.PortMin || media.RtpPort + 1 > rules.PortMax)
        {
            return $"rtp_port {media.RtpPort} must be even with its pair inside {rules.PortMin}-{rules.PortMax}";
        }

        var expectedRtcp = media.RtcpMuxOnly ? media.RtpPort : media.RtpPort + 1;
        return media.RtcpPort == expectedRtcp ? null : $"rtcp_port {media.RtcpPort} must be {expectedRtcp} (rtcp_mux_only={media.RtcpMuxOnly})";
    }

    private static string? BadEndpoint(string name, string? value) =>
        value is null || EndpointText.TryParse(value, out _) ? null : $"{name} '{value}' is not an ip:port endpoint";

    // Calls have a handful of media: a scan of the earlier ones beats building a set.
    private static bool UsedEarlier(CallRecord record, int legIndex, int mediaIndex)
    {
        var port = record.Legs[legIndex].Media[mediaIndex].RtpPort;
        if (port == 0)
        {
            return false;
        }

        for (var l = 0; l <= legIndex; l++)
        {
            var media = record.Legs[l].Media;
            var until = l == legIndex ? mediaIndex : media.Count;
            for (var m = 0; m < until; m++)
            {
                if (media[m].RtpPort == port)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
