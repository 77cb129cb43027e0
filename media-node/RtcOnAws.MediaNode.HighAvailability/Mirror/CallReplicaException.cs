namespace RtcOnAws.MediaNode.HighAvailability.Mirror;

/// <summary>A mirrored call could not be restored (its ports cannot be bound, or the engine refused it).</summary>
public sealed class CallReplicaException(string message) : Exception(message);
