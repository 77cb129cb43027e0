namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>Redis answered with an error reply (e.g. <c>NOAUTH</c>, <c>READONLY</c>).</summary>
public sealed class RedisErrorReplyException(string message) : Exception(message);
