namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>The relay's forwarding switch as the role state machine drives it.</summary>
public interface IForwardingGate
{
    /// <summary>
    /// Forward packets until <paramref name="deadline"/>, a timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the
    /// relay's clock, which the role coordinator shares. The relay checks the deadline itself per packet, so a node frozen past it (SIGSTOP, a long pause) drops
    /// what it reads after waking instead of forwarding it.
    /// </summary>
    void AllowUntil(long deadline);

    /// <summary>Stop forwarding now.</summary>
    void Block();
}
