namespace RtcOnAws.MediaNode.Drill;

/// <summary>How the drill starts media nodes and where it keeps its files.</summary>
/// <param name="MediaNodeCommand">Program and leading arguments that run the media-node daemon (e.g. <c>dotnet RtcOnAws.MediaNode.dll</c>).</param>
/// <param name="WorkDirectory">Logs and the heartbeat key; created if missing.</param>
/// <param name="ExtraNodeArguments">Extra daemon flags for both nodes (e.g. HA timers).</param>
/// <param name="PortMin">Lowest media port of both nodes.</param>
/// <param name="PortMax">Highest media port of both nodes.</param>
public sealed record DrillSettings(IReadOnlyList<string> MediaNodeCommand, string WorkDirectory, IReadOnlyList<string> ExtraNodeArguments, int PortMin = 30000, int PortMax = 39999);
