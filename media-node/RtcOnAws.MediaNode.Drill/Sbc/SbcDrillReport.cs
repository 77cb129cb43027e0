using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>The outcome of the SBC drill: what SIPp saw of the calls, what the drill's RTP endpoints measured, what was left behind.</summary>
public sealed class SbcDrillReport
{
    /// <summary>Creates the report.</summary>
    public SbcDrillReport(int callsTotal, int callsCompleted, long callsFailed, int reinvitesFailed, int reinvitePortChanges, DrillReport media, int portsLeaked, int redisKeysLeaked)
    {
        ArgumentNullException.ThrowIfNull(media);
        CallsTotal = callsTotal;
        CallsCompleted = callsCompleted;
        CallsFailed = callsFailed;
        ReinvitesFailed = reinvitesFailed;
        ReinvitePortChanges = reinvitePortChanges;
        Media = media;
        PortsLeaked = portsLeaked;
        RedisKeysLeaked = redisKeysLeaked;
    }

    /// <summary>Calls SIPp placed.</summary>
    [JsonPropertyName("calls_total")]
    public int CallsTotal { get; }

    /// <summary>Calls whose BYE, sent after the failover, was answered 200.</summary>
    [JsonPropertyName("calls_completed")]
    public int CallsCompleted { get; }

    /// <summary>SIPp's failed calls (unexpected message, timeout, error response).</summary>
    [JsonPropertyName("calls_failed")]
    public long CallsFailed { get; }

    /// <summary>Calls whose re-INVITE after the failover was not answered 200.</summary>
    [JsonPropertyName("reinvites_failed")]
    public int ReinvitesFailed { get; }

    /// <summary>Calls whose media port in the re-INVITE's SDP (either side) differs from the one set up on A.</summary>
    [JsonPropertyName("reinvite_port_changes")]
    public int ReinvitePortChanges { get; }

    /// <summary>The RTP measurement (per call, both directions).</summary>
    [JsonIgnore]
    public DrillReport Media { get; }

    /// <summary>Calls with two-way audio until the end of the measurement.</summary>
    [JsonPropertyName("calls_with_audio")]
    public int CallsWithAudio => Media.CallsKept;

    /// <summary>Longest silence of any call in either direction.</summary>
    [JsonPropertyName("max_gap_ms")]
    public double MaxGapMs => Media.MaxGapMs;

    /// <summary>Median over calls of their longest silence.</summary>
    [JsonPropertyName("p50_gap_ms")]
    public double P50GapMs => Media.P50GapMs;

    /// <summary>99th percentile over calls of their longest silence.</summary>
    [JsonPropertyName("p99_gap_ms")]
    public double P99GapMs => Media.P99GapMs;

    /// <summary>Longest silence spanning the kill.</summary>
    [JsonPropertyName("failover_gap_max_ms")]
    public double FailoverGapMaxMs => Media.FailoverGapMaxMs;

    /// <summary>Packets lost, both directions, all calls.</summary>
    [JsonPropertyName("packets_lost")]
    public long PacketsLost => Media.PacketsLost;

    /// <summary>Packets sent, both directions, all calls.</summary>
    [JsonPropertyName("packets_sent")]
    public long PacketsSent => Media.PacketsSent;

    /// <summary>From SIGKILL of node A until node B's media-node reported itself active (-1 if not observed).</summary>
    [JsonPropertyName("failover_ms")]
    public double FailoverMs => Media.FailoverMs;

    /// <summary>Media ports still bound on node B after every BYE.</summary>
    [JsonPropertyName("ports_leaked")]
    public int PortsLeaked { get; }

    /// <summary>Call keys still in Redis after every BYE.</summary>
    [JsonPropertyName("redis_keys_leaked")]
    public int RedisKeysLeaked { get; }

    /// <summary>The report as one JSON line.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SbcDrillReportJsonContext.Default.SbcDrillReport);

    /// <summary>The media table (worst calls first) followed by the signalling and leak totals.</summary>
    public string ToTable()
    {
        var text = new StringBuilder(Media.ToTable());
        text.AppendLine(CultureInfo.InvariantCulture, $"SIP: {CallsCompleted}/{CallsTotal} calls completed (BYE answered 200 after the failover), {CallsFailed} SIPp failures, {ReinvitesFailed} re-INVITEs not answered 200, {ReinvitePortChanges} media ports changed by the re-INVITE");
        text.AppendLine(CultureInfo.InvariantCulture, $"left behind: {PortsLeaked} media ports bound on node B, {RedisKeysLeaked} call keys in Redis");
        return text.ToString();
    }
}

/// <summary>Source-generated JSON for the report.</summary>
[JsonSerializable(typeof(SbcDrillReport))]
internal sealed partial class SbcDrillReportJsonContext : JsonSerializerContext;
