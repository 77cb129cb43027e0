namespace RtcOnAws.MediaNode.HighAvailability.Roles;

/// <summary>One peer heartbeat: who sent it, in which role, and and which of our heartbeats it heard last.</summary>
/// <param name="NodeId">Sender's node id.</param>
/// <param name="BootId">Random per process start, so a restarted peer is told apart from a replay.</param>
/// <param name="Sequence">Increases by one per heartbeat within a boot.</param>
/// <param name="SentUnixMs">Sender's wall clock when sent; heartbeats far from our clock are refused as replays.</param>
/// <param name="Role">Sender's role.</param>
/// <param name="EchoSequence">
/// Highest sequence the sender has received from the receiver (0 = none). The receiver knows when it sent that
/// sequence, so it can tell on its own monotonic clock how recently the sender heard it — a round trip that needs
/// no synchronized clocks and that a stale, buffered heartbeat cannot fake.
/// </param>
public readonly record struct Heartbeat(string NodeId, ulong BootId, ulong Sequence, long SentUnixMs, NodeRole Role, ulong EchoSequence);
