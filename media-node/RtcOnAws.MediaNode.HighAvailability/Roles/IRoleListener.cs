namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>Does the slow work of a role change (moving the address, switching the writer and the mirror).</summary>
public interface IRoleListener
{
    /// <summary>Called once per transition, in order, never concurrently. Forwarding was already switched.</summary>
    Task OnRoleChangedAsync(NodeRole from, NodeRole to, string reason);
}
