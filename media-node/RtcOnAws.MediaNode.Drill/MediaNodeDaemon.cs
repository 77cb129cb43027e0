namespace RtcOnAws.MediaNode.Drill;

/// <summary>The media-node daemon the drills start: the build that sits next to this program (a project reference).</summary>
public static class MediaNodeDaemon
{
    /// <summary>Program and leading arguments that run the daemon: its apphost when present, else <c>dotnet</c> + its dll.</summary>
    public static IReadOnlyList<string> Command()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "RtcOnAws.MediaNode");
        return File.Exists(apphost)
            ? [apphost]
            : ["dotnet", Path.Combine(AppContext.BaseDirectory, "RtcOnAws.MediaNode.dll")];
    }
}
