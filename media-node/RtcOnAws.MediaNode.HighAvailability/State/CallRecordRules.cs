using System.Net;

namespace RtcOnAws.MediaNode.HighAvailability.State;

/// <summary>
/// What a value from Redis must satisfy before a standby binds anything for it: the ports come from our
/// configured range and the address is the floating address we serve. A value that breaks them is never bound.
/// </summary>
/// <param name="LocalAddress">The only address a stream may be bound on (the pair's floating address).</param>
/// <param name="PortMin">Lowest allowed port (inclusive).</param>
/// <param name="PortMax">Highest allowed port (inclusive).</param>
public sealed record CallRecordRules(IPAddress LocalAddress, int PortMin, int PortMax);
