namespace RtcOnAws.MediaNode.Drill.Sbc;

/// <summary>How the SBC drill starts its nodes and where it keeps its files.</summary>
/// <param name="MediaNodeCommand">Program and leading arguments that run the media-node daemon.</param>
/// <param name="WorkDirectory">Configs, logs, SIPp traces and the heartbeat key; created if missing.</param>
/// <param name="ExtraNodeArguments">Extra media-node flags for both nodes (e.g. relaxed HA timers in tests).</param>
/// <param name="DialogTimeout">Kamailio's dialog lifetime: a call still up after it is ended by the proxy.</param>
/// <param name="EarlyDialogTimeout">Kamailio's early dialog lifetime; null keeps the renderer's default.</param>
/// <param name="PortMin">Lowest media port of both nodes.</param>
/// <param name="PortMax">Highest media port of both nodes.</param>
public sealed record SbcDrillSettings(
    IReadOnlyList<string> MediaNodeCommand,
    string WorkDirectory,
    IReadOnlyList<string> ExtraNodeArguments,
    TimeSpan DialogTimeout,
    TimeSpan? EarlyDialogTimeout = null,
    int PortMin = 30000,
    int PortMax = 39999);
