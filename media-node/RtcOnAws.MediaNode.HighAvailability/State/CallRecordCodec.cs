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
            record = JsonSerializer.Deserialize(utf8, CallRecordJsonContext.Default.CallRecord);
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

        var ports = new HashSet<int>();
        foreach (var leg in record.Legs)
        {
            if (leg is null || leg.Tag is null || leg.Media is null)
            {
                return $"call {record.CallId}: every leg needs a tag and a media array";
            }

            foreach (var media in leg.Media)
            {
                if (media is null)
                {
                    return $"call {record.CallId} leg {leg.Tag}: null media";
                }

                var where = $"call {record.CallId} leg {leg.Tag} media {media.Index}";
                if (!IPAddress.TryParse(media.LocalAddress, out var local) || !local.Equals(rules.LocalAddress))
                {
                    return $"{where}: local_address '{media.LocalAddress}' is not this pair's address {rules.LocalAddress}";
                }

                if (!Array.Exists(LearningModes, m => m == media.Learning))
                {
                    return $"{where}: learning '{media.Learning}' must be one of {string.Join(", ", LearningModes)}";
                }

                foreach (var (name, value) in new[] { ("sdp_rtp", media.SdpRtp), ("sdp_rtcp", media.SdpRtcp), ("learned_rtp", media.LearnedRtp), ("learned_rtcp", media.LearnedRtcp) })
                {
                    if (value is not null && !EndpointText.TryParse(value, out _))
                    {
                        return $"{where}: {name} '{value}' is not an ip:port endpoint";
                    }
                }

                if (media.RtpPort == 0)
                {
                    if (media.RtcpPort != 0)
                    {
                        return $"{where}: a rejected media (rtp_port 0) must have rtcp_port 0, not {media.RtcpPort}";
                    }

                    continue;
                }

                if (media.RtpPort % 2 != 0 || media.RtpPort < rules.PortMin || media.RtpPort + 1 > rules.PortMax)
                {
                    return $"{where}: rtp_port {media.RtpPort} must be even with its pair inside {rules.PortMin}-{rules.PortMax}";
                }

                var expectedRtcp = media.RtcpMuxOnly ? media.RtpPort : media.RtpPort + 1;
                if (media.RtcpPort != expectedRtcp)
                {
                    return $"{where}: rtcp_port {media.RtcpPort} must be {expectedRtcp} (rtcp_mux_only={media.RtcpMuxOnly})";
                }

                if (!ports.Add(media.RtpPort))
                {
                    return $"{where}: rtp_port {media.RtpPort} is used twice in the call";
                }
            }
        }

        return null;
    }
}
