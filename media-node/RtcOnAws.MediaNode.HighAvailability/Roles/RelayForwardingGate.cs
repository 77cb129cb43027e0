using RtcOnAws.MediaNode.Relay;

namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>
/// Drives the relay's forwarding switch and deadline from the role state machine. The relay compares the deadline
/// with its own clock (<see cref="RelayEngine.Time"/>) per packet batch, so fencing holds even when this process was frozen.
/// </summary>
public sealed class RelayForwardingGate(RelayEngine relay) : IForwardingGate
{
    /// <inheritdoc />
    public void AllowUntil(long deadline)
    {
        relay.ForwardingDeadline = deadline;
        relay.ForwardingEnabled = true;
    }

    /// <inheritdoc />
    public void Block()
    {
        relay.ForwardingEnabled = false;
        relay.ForwardingDeadline = long.MinValue;
    }
}
