using System.Net;
using System.Text;
using RtcOnAws.MediaNode.HighAvailability.State;

namespace RtcOnAws.MediaNode.HighAvailability.Tests;

public sealed class CallRecordCodecTests
{
    internal static readonly IPAddress Floating = IPAddress.Parse("10.77.0.100");
    internal static readonly CallRecordRules Rules = new(Floating, 30000, 30999);

    // The options CallRecordJsonContext declares, for the reflection-based serializer.
    private static readonly System.Text.Json.JsonSerializerOptions SerializerRules = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    internal static CallRecord Sample(string callId = "call-1@example", int callerPort = 30000, int calleePort = 30002, string address = "10.77.0.100") => new(
        CallRecord.CurrentVersion,
        "node-a",
        callId,
        CreatedAt: 1_700_000_000,
        LastSignalAt: 1_700_000_001,
        UpdatedAtMs: 1_700_000_001_500,
        OffererTag: "from-tag",
        Flags: ["rtcp-mux-offer"],
        Legs:
        [
            new LegRecord("from-tag", null, "z9hG4bK1", 1_700_000_000,
                [new MediaRecord(1, "audio", "RTP/AVP", address, callerPort, callerPort + 1, false, false, "10.77.1.1:40000", "10.77.1.1:40001", "10.77.1.1:40000", null, "strict")],
                Interface: "external"),
            new LegRecord("to-tag", "callee", null, 1_700_000_001,
                [new MediaRecord(1, "audio", "RTP/AVP", address, calleePort, calleePort + 1, false, false, "10.77.1.2:40000", "10.77.1.2:40001", null, null, "strict")]),
        ]);

    [Fact]
    public void Round_trips_a_call_and_writes_a_self_describing_versioned_value()
    {
        var record = Sample();

        var bytes = CallRecordCodec.Encode(record);
        var text = Encoding.UTF8.GetString(bytes);
        var decoded = CallRecordCodec.Decode(bytes, Rules);

        Assert.True(decoded.IsValid, decoded.Error);
        Assert.Equal(CallRecordCodec.Encode(decoded.Record!), bytes);
        Assert.StartsWith("{\"v\":1,", text, StringComparison.Ordinal);
        foreach (var field in new[] { "\"node_id\":\"node-a\"", "\"call_id\":\"call-1@example\"", "\"rtp_port\":30000", "\"local_address\":\"10.77.0.100\"", "\"learned_rtp\":\"10.77.1.1:40000\"", "\"sdp_rtp\":\"10.77.1.2:40000\"", "\"interface\":\"external\"" })
        {
            Assert.Contains(field, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Round_trips_sdes_keys_and_rollover_counters_and_reads_records_written_without_them()
    {
        var sdes = new RtcOnAws.MediaNode.Engine.Calls.SdesSnapshot(
            "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
            "1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj",
            [],
            [new RtcOnAws.MediaNode.WebRtc.Srtp.SrtpSourceSnapshot(0x11223344, 3, 40000, 17)],
            [new RtcOnAws.MediaNode.WebRtc.Srtp.SrtpSourceSnapshot(0x55667788, 1, 12, 5)]);
        var plain = Sample();
        var record = plain with { Legs = [plain.Legs[0] with { Media = [plain.Legs[0].Media[0] with { Protocol = "RTP/SAVP", Sdes = sdes }] }, plain.Legs[1]] };

        var bytes = CallRecordCodec.Encode(record);
        var decoded = CallRecordCodec.Decode(bytes, Rules);

        Assert.True(decoded.IsValid, decoded.Error);
        var restored = decoded.Record!.Legs[0].Media[0].Sdes!;
        Assert.Equal(sdes.Remote, restored.Remote);
        Assert.Equal(sdes.Local, restored.Local);
        Assert.Equal(sdes.Inbound, restored.Inbound);
        Assert.Equal(sdes.Outbound, restored.Outbound);
        Assert.Contains("\"rollover_counter\":3", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Null(decoded.Record.Legs[1].Media[0].Sdes);
        Assert.Equal(sdes.Remote, CallRecordMapper.ToSnapshot(decoded.Record).Legs[0].Medias[0].Sdes!.Remote);
    }

    [Fact]
    public void Round_trips_a_webrtc_legs_ice_credentials_dtls_keys_and_rollover_counters()
    {
        var webrtc = new RtcOnAws.MediaNode.Engine.Calls.WebRtcMediaSnapshot(
            "lOcAlUfR", "local-password-0123456789", "BrUfRaG", "passive", "server",
            "sha-256 49:66:12:17:0D:1C:91:AE:57:4C:C6:36:DD:D5:97:D2:7D:62:C9:9A:7F:B9:A3:F4:70:03:E7:43:91:73:23:5E",
            7, "AAECAwQFBgcICQoLDA0ODw==", "EBESExQVFhcYGRob", "ICEiIyQlJicoKSorLC0uLw==", "MDEyMzQ1Njc4OTo7",
            [new RtcOnAws.MediaNode.WebRtc.Srtp.SrtpSourceSnapshot(0x11223344, 2, 65000, 9)],
            [new RtcOnAws.MediaNode.WebRtc.Srtp.SrtpSourceSnapshot(0x55667788, 0, 300, 4)]);
        var plain = Sample();
        var record = plain with { Legs = [plain.Legs[0], plain.Legs[1] with { Media = [plain.Legs[1].Media[0] with { Protocol = "UDP/TLS/RTP/SAVPF", WebRtc = webrtc }] }] };

        var decoded = CallRecordCodec.Decode(CallRecordCodec.Encode(record), Rules);

        Assert.True(decoded.IsValid, decoded.Error);
        var restored = CallRecordMapper.ToSnapshot(decoded.Record!).Legs[1].Medias[0].WebRtc!;
        Assert.Equal(webrtc with { Inbound = [], Outbound = [] }, restored with { Inbound = [], Outbound = [] });
        Assert.Equal(webrtc.Inbound, restored.Inbound);
        Assert.Equal(webrtc.Outbound, restored.Outbound);
        Assert.Null(decoded.Record!.Legs[0].Media[0].WebRtc);
    }

    [Theory]
    [InlineData("not json at all", CallRecordRejection.Corrupt)]
    [InlineData("{\"v\":1,\"call_id\":", CallRecordRejection.Corrupt)]
    [InlineData("[1,2,3]", CallRecordRejection.UnknownVersion)]
    [InlineData("{\"call_id\":\"x\"}", CallRecordRejection.UnknownVersion)]
    [InlineData("{\"v\":2,\"call_id\":\"x\"}", CallRecordRejection.UnknownVersion)]
    [InlineData("{\"v\":\"1\",\"call_id\":\"x\"}", CallRecordRejection.UnknownVersion)]
    [InlineData("{\"v\":1,\"call_id\":\"x\"}", CallRecordRejection.Corrupt)]
    [InlineData("{\"v\":1,\"node_id\":\"a\",\"call_id\":\"x\",\"created_at\":1,\"last_signal_at\":1,\"updated_at_ms\":1,\"offerer_tag\":\"t\",\"flags\":[],\"legs\":\"oops\"}", CallRecordRejection.Corrupt)]
    public void Rejects_corrupt_and_unknown_version_values_without_throwing(string value, CallRecordRejection expected)
    {
        var decoded = CallRecordCodec.Decode(Encoding.UTF8.GetBytes(value), Rules);

        Assert.False(decoded.IsValid);
        Assert.Equal(expected, decoded.Rejection);
        Assert.False(string.IsNullOrEmpty(decoded.Error));
    }

    [Theory]
    [InlineData(29998, "rtp_port 29998")]
    [InlineData(31000, "rtp_port 31000")]
    [InlineData(30998, "rtp_port 30998")]
    [InlineData(30001, "rtp_port 30001")]
    public void Rejects_ports_the_active_cannot_have_allocated(int port, string expected)
    {
        var decoded = CallRecordCodec.Decode(CallRecordCodec.Encode(Sample(callerPort: port)), Rules with { PortMax = 30998 });

        Assert.Equal(CallRecordRejection.Invalid, decoded.Rejection);
        Assert.Contains(expected, decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_call_bound_on_another_address()
    {
        var decoded = CallRecordCodec.Decode(CallRecordCodec.Encode(Sample(address: "10.77.0.11")), Rules);

        Assert.Equal(CallRecordRejection.Invalid, decoded.Rejection);
        Assert.Contains("local_address '10.77.0.11'", decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_port_used_twice_a_bad_rtcp_port_bad_endpoints_and_unknown_learning_modes()
    {
        var twice = Sample(callerPort: 30000, calleePort: 30000);
        var badRtcp = Sample() with { Legs = [Sample().Legs[0] with { Media = [Sample().Legs[0].Media[0] with { RtcpPort = 30005 }] }, Sample().Legs[1]] };
        var badEndpoint = Sample() with { Legs = [Sample().Legs[0] with { Media = [Sample().Legs[0].Media[0] with { LearnedRtp = "10.77.1.1" }] }, Sample().Legs[1]] };
        var badLearning = Sample() with { Legs = [Sample().Legs[0] with { Media = [Sample().Legs[0].Media[0] with { Learning = "trusting" }] }, Sample().Legs[1]] };

        Assert.Contains("used twice", CallRecordCodec.Decode(CallRecordCodec.Encode(twice), Rules).Error, StringComparison.Ordinal);
        Assert.Contains("rtcp_port 30005", CallRecordCodec.Decode(CallRecordCodec.Encode(badRtcp), Rules).Error, StringComparison.Ordinal);
        Assert.Contains("learned_rtp '10.77.1.1'", CallRecordCodec.Decode(CallRecordCodec.Encode(badEndpoint), Rules).Error, StringComparison.Ordinal);
        Assert.Contains("learning 'trusting'", CallRecordCodec.Decode(CallRecordCodec.Encode(badLearning), Rules).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_rejected_media_that_bind_nothing()
    {
        var rejected = Sample() with
        {
            Legs = [.. Sample().Legs.Select(l => l with { Media = [l.Media[0] with { RtpPort = 0, RtcpPort = 0 }] })],
        };

        Assert.True(CallRecordCodec.Decode(CallRecordCodec.Encode(rejected), Rules).IsValid);
    }

    public static TheoryData<string, string, string> Reshaped => new()
    {
        { "as written", "", "" },
        { "unknown properties at every level", "\"v\":1,", "\"v\":1,\"extra\":{\"a\":[1,{\"b\":null}]}," },
        { "unknown media property", "\"index\":1,", "\"index\":1,\"ssrc\":[7]," },
        { "escaped property name", "\"call_id\"", "\"call\\u005fid\"" },
        { "null label", "\"label\":\"callee\"", "\"label\":null" },
        { "missing label", "\"label\":\"callee\",", "" },
        { "missing learned_rtcp", "\"learned_rtcp\":null,", "" },
        { "null node_id", "\"node_id\":\"node-a\"", "\"node_id\":null" },
        { "null legs", "\"legs\":[", "\"legs\":null,\"x\":[" },
        { "port as a string", "\"rtp_port\":30000", "\"rtp_port\":\"30000\"" },
        { "fractional port", "\"rtp_port\":30000", "\"rtp_port\":30000.5" },
        { "number for a flag", "\"rtcp_mux_only\":false", "\"rtcp_mux_only\":0" },
        { "time beyond 64 bits", "\"created_at\":1700000000,", "\"created_at\":99999999999999999999," },
        { "duplicate property, last wins", "\"offerer_tag\":\"from-tag\"", "\"offerer_tag\":\"x\",\"offerer_tag\":\"from-tag\"" },
        { "object instead of the media array", "\"media\":[", "\"media\":{\"a\":1},\"y\":[" },
    };

    [Theory]
    [MemberData(nameof(Reshaped))]
    public void Reads_a_value_exactly_as_the_json_serializer_the_format_is_defined_by(string change, string find, string replace)
    {
        var written = Encoding.UTF8.GetString(CallRecordCodec.Encode(Sample()));
        Assert.True(find.Length == 0 || written.Contains(find, StringComparison.Ordinal), $"{change}: '{find}' is not in {written}");
        var value = Encoding.UTF8.GetBytes(find.Length == 0 ? written : written.Replace(find, replace, StringComparison.Ordinal));
        CallRecord? expected;
        try
        {
            expected = System.Text.Json.JsonSerializer.Deserialize<CallRecord>(value, SerializerRules);
        }
        catch (System.Text.Json.JsonException)
        {
            expected = null;
        }

        var decoded = CallRecordCodec.Decode(value, Rules);

        if (expected is null)
        {
            Assert.Equal(CallRecordRejection.Corrupt, decoded.Rejection);
        }
        else
        {
            Assert.True(decoded.IsValid, $"{change}: {decoded.Error}");
            Assert.Equal(CallRecordCodec.Encode(expected), CallRecordCodec.Encode(decoded.Record!));
        }
    }

    [Theory]
    [InlineData("{\"v\":1} trailing")]
    [InlineData("null")]
    [InlineData("")]
    public void Rejects_values_that_are_no_single_call_object(string value)
    {
        var decoded = CallRecordCodec.Decode(Encoding.UTF8.GetBytes(value), Rules);

        Assert.False(decoded.IsValid);
        Assert.Equal(CallRecordRejection.Corrupt, decoded.Rejection);
    }

    [Fact]
    public void Rejects_a_null_flag_instead_of_failing_later_when_the_call_is_restored()
    {
        var written = Encoding.UTF8.GetString(CallRecordCodec.Encode(Sample()));

        var decoded = CallRecordCodec.Decode(Encoding.UTF8.GetBytes(written.Replace("\"flags\":[\"rtcp-mux-offer\"]", "\"flags\":[null]", StringComparison.Ordinal)), Rules);

        Assert.Equal(CallRecordRejection.Corrupt, decoded.Rejection);
        Assert.Contains("flags", decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_missing_fields()
    {
        var written = Encoding.UTF8.GetString(CallRecordCodec.Encode(Sample()));

        var decoded = CallRecordCodec.Decode(Encoding.UTF8.GetBytes(written.Replace("\"node_id\":\"node-a\",", string.Empty, StringComparison.Ordinal)), Rules);

        Assert.Equal(CallRecordRejection.Corrupt, decoded.Rejection);
        Assert.Contains("node_id", decoded.Error, StringComparison.Ordinal);
    }
}
