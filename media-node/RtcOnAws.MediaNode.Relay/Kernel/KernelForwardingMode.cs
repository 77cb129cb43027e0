namespace RtcOnAws.MediaNode.Relay.Kernel;

/// <summary>Whether established streams are forwarded by the kernel (nftables) instead of the event loops.</summary>
public enum KernelForwardingMode
{
    /// <summary>Every packet goes through the event loops (user space).</summary>
    Off = 0,

    /// <summary>Use the kernel path when it can be set up (CAP_NET_ADMIN, nftables, IPv4 forwarding on); otherwise log once and relay in user space.</summary>
    Auto = 1,

    /// <summary>The kernel path is required: the engine fails to start when it cannot be set up.</summary>
    On = 2,
}
