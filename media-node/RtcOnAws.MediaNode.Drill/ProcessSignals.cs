using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode.Drill;

/// <summary>POSIX signals the drill and the chaos tests send to media-node processes.</summary>
public static partial class ProcessSignals
{
    /// <summary>SIGKILL: the node dies without any cleanup (no lease release, no address removal).</summary>
    public const int Kill = 9;

    /// <summary>SIGSTOP: the node freezes (as in a long GC pause or a hung VM).</summary>
    public const int Stop = 19;

    /// <summary>SIGCONT: a stopped node resumes.</summary>
    public const int Continue = 18;

    /// <summary>SIGTERM: orderly shutdown.</summary>
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Send(int pid, int signal) => SysKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
