namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>One party of a call.</summary>
/// <param name="Tag">Its SIP tag ("" while the answerer has not been seen).</param>
/// <param name="Label">Its ng label, if any.</param>
/// <param name="ViaBranch">The Via branch of its last message, if any.</param>
/// <param name="CreatedUnixSeconds">When the tag was first seen.</param>
/// <param name="Medias">Its media, by SDP index.</param>
/// <param name="InterfaceName">The logical interface it is on; null for the default one.</param>
public sealed record LegSnapshot(string Tag, string? Label, string? ViaBranch, long CreatedUnixSeconds, IReadOnlyList<MediaSnapshot> Medias, string? InterfaceName = null);
