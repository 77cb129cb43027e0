namespace RtcOnAws.MediaNode.Relay.Kernel.Netlink;

/// <summary>A netlink call failed; <see cref="Errno"/> is the kernel's error number (positive), e.g. ENFILE for a full set.</summary>
public sealed class NetlinkException(string message, int errno) : Exception($"{message}: errno {errno} ({Describe(errno)})")
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EEXIST = 17;
    public const int ENFILE = 23;
    public const int EOPNOTSUPP = 95;

    /// <summary>The kernel's error number.</summary>
    public int Errno { get; } = errno;

    private static string Describe(int errno) => errno switch
    {
        EPERM => "operation not permitted: CAP_NET_ADMIN is needed",
        ENOENT => "no such object",
        EEXIST => "object exists",
        ENFILE => "set is full",
        EOPNOTSUPP => "not supported by this kernel",
        _ => "see errno(3)",
    };
}
