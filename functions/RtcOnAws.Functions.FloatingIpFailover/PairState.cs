namespace RtcOnAws.Functions.FloatingIpFailover;

/// <summary>A pair as found in EC2: its members, its floating addresses and who holds them.</summary>
internal sealed record PairState(
    string Name,
    IReadOnlyList<PairMember> Members,
    string? FloatingIp,
    string? FloatingEipAllocationId,
    string? OwnerInstanceId,
    DateTimeOffset? LastMoveAt)
{
    public PairMember? Member(string? instanceId) => Members.FirstOrDefault(m => m.InstanceId == instanceId);
}
