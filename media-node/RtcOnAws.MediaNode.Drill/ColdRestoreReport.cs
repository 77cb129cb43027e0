using System.Text.Json;
using System.Text.Json.Serialization;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>How fast a cold standby restored every call from Redis.</summary>
/// <param name="Calls">Calls stored in Redis.</param>
/// <param name="SocketsPerCall">Sockets each call binds (2 with rtcp-mux, 4 without).</param>
/// <param name="CallsRestored">Calls the node holds afterwards (ports bound).</param>
/// <param name="RestoreMs">The node's full rescan: SCAN + MGET of every call, validation, binding every port.</param>
/// <param name="ProcessStartToRestoredMs">From starting the process (runtime start-up included) until it reported every call.</param>
/// <param name="ResyncBreakdown">The node's own account of the rescan (first values, decoding and restoring time), from its log.</param>
public sealed record ColdRestoreReport(
    [property: JsonPropertyName("calls")] int Calls,
    [property: JsonPropertyName("sockets_per_call")] int SocketsPerCall,
    [property: JsonPropertyName("calls_restored")] int CallsRestored,
    [property: JsonPropertyName("restore_ms")] double RestoreMs,
    [property: JsonPropertyName("process_start_to_restored_ms")] double ProcessStartToRestoredMs,
    [property: JsonPropertyName("resync_breakdown")] string ResyncBreakdown)
{
    /// <summary>The report as one JSON line.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ColdRestoreReportJsonContext.Default.ColdRestoreReport);

    /// <summary>One human-readable line.</summary>
    public override string ToString() =>
        $"cold restore: {CallsRestored}/{Calls} calls ({SocketsPerCall} sockets each) restored with their ports bound in {RestoreMs:0} ms; {ProcessStartToRestoredMs:0} ms from process start ({ResyncBreakdown})";
}

/// <summary>Source-generated JSON for the report.</summary>
[JsonSerializable(typeof(ColdRestoreReport))]
internal sealed partial class ColdRestoreReportJsonContext : JsonSerializerContext;
