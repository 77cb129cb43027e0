namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>A two-party call: up to two legs whose media sections relay to each other index by index.</summary>
public sealed class Call
{
    internal Call(string callId, long createdUnixSeconds, long nowTimestamp)
    {
        CallId = callId;
        CreatedUnixSeconds = createdUnixSeconds;
        LastSignalUnixSeconds = createdUnixSeconds;
        LastSignalTimestamp = nowTimestamp;
    }

    /// <summary>The SIP Call-ID.</summary>
    public string CallId { get; }

    /// <summary>When the call was created.</summary>
    public long CreatedUnixSeconds { get; }

    /// <summary>When the last offer/answer arrived.</summary>
    public long LastSignalUnixSeconds { get; internal set; }

    /// <summary>Monotonic timestamp (the registry's <see cref="TimeProvider.GetTimestamp"/>) of the last signalling, for the media timeout.</summary>
    public long LastSignalTimestamp { get; internal set; }

    /// <summary>The tag of the party that sent the last offer.</summary>
    public string OffererTag { get; internal set; } = string.Empty;

    /// <summary>The rtcp-mux flags of the last offer.</summary>
    public RtcpMuxFlags RtcpMux { get; internal set; }

    /// <summary>The parties (at most two).</summary>
    public IReadOnlyList<CallLeg> Legs => LegList;

    internal List<CallLeg> LegList { get; } = new(capacity: 2);

    /// <summary>The leg with <paramref name="tag"/>, or null.</summary>
    public CallLeg? FindLeg(string tag) => LegList.Find(leg => leg.Tag == tag);

    /// <summary>The other party of <paramref name="leg"/>, or null while there is none.</summary>
    public CallLeg? OtherLeg(CallLeg leg) => LegList.Find(other => !ReferenceEquals(other, leg));

    /// <summary>Every allocated stream of the call.</summary>
    internal IEnumerable<Relay.RelayStream> Streams =>
        LegList.SelectMany(leg => leg.MediaList).Select(media => media.Stream).OfType<Relay.RelayStream>();
}
