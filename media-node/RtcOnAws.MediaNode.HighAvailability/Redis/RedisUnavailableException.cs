namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>Redis could not be reached, or did not answer in time; the connection was closed.</summary>
public sealed class RedisUnavailableException(string message, Exception inner) : Exception(message, inner);
