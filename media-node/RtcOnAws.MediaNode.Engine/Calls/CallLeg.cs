namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>One party of a call (an rtpengine "monologue"), named by its SIP tag.</summary>
public sealed class CallLeg
{
    internal CallLeg(string tag, long createdUnixSeconds)
    {
        Tag = tag;
        CreatedUnixSeconds = createdUnixSeconds;
    }

    /// <summary>The SIP tag; empty while an answerer has not been seen.</summary>
    public string Tag { get; internal set; }

    /// <summary>When the tag was first seen.</summary>
    public long CreatedUnixSeconds { get; }

    /// <summary>The ng label, if any.</summary>
    public string? Label { get; internal set; }

    /// <summary>The Via branch of the last message from this party, if any.</summary>
    public string? ViaBranch { get; internal set; }

    /// <summary>The logical interface this party is on (ng <c>direction</c>); null for the node's default interface.</summary>
    public string? InterfaceName { get; internal set; }

    /// <summary>Media by SDP index (position i holds index i + 1).</summary>
    public IReadOnlyList<CallMedia> Medias => MediaList;

    internal List<CallMedia> MediaList { get; set; } = [];
}
