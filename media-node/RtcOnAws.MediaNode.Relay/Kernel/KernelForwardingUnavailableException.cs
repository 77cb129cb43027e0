namespace RtcOnAws.MediaNode.Relay.Kernel;

/// <summary>Kernel forwarding was required (<see cref="KernelForwardingMode.On"/>) but cannot be set up here; the message says why.</summary>
public sealed class KernelForwardingUnavailableException(string message, Exception inner) : InvalidOperationException(message, inner);
