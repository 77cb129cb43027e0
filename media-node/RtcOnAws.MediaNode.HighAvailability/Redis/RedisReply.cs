namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>A reply read by <see cref="BlockingRedisConnection"/> (error replies are thrown instead).</summary>
/// <param name="Kind">What Redis sent.</param>
/// <param name="Integer">The value of an integer reply.</param>
/// <param name="Text">The text of a simple or bulk string reply; <c>null</c> otherwise.</param>
public readonly record struct RedisReply(RedisReplyKind Kind, long Integer, string? Text);
