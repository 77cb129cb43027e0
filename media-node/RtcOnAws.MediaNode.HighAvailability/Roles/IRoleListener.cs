namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>Does the slow work of a role change (moving the address, switching the writer and the mirror).</summary>
public interface IRoleListener
{
    /// <summary>
    /// Called on the state machine's own thread at the instant of a transition, after forwarding was switched and
    /// before <see cref="OnRoleChangedAsync"/>: starts the time-critical step (claiming the floating address) without
    /// waiting for a thread-pool thread. Must not block.
    /// </summary>
    void OnRoleChanging(NodeRole from, NodeRole to);

    /// <summary>Called once per transition, in order, never concurrently. Forwarding was already switched.</summary>
    Task OnRoleChangedAsync(NodeRole from, NodeRole to, string reason);
}
