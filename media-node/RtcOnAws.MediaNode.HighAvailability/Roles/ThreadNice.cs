using System.Runtime.InteropServices;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// Raises the scheduling priority of the calling OS thread (Linux nice value per thread). The heartbeat, lease and
/// role threads use it so a CPU saturated by media does not delay the renewals that keep the active from fencing
/// itself. .NET's ThreadPriority is not applied on Linux; this needs CAP_SYS_NICE (root) and is skipped without it.
/// </summary>
public static partial class ThreadNice
{
    private const int PrioProcess = 0;
    private const int SysGettid = 186;

    /// <summary>Sets the calling thread's nice value; false when not permitted or not on Linux.</summary>
    public static bool TrySetCurrent(int nice)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        var tid = (int)Syscall(SysGettid);
        return SetPriority(PrioProcess, tid, nice) == 0;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
