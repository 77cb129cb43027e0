namespace RtcOnAws.MediaNode.HighAvailability.Redis;

/// <summary>The RESP reply types <see cref="BlockingRedisConnection"/> understands.</summary>
public enum RedisReplyKind
{
    /// <summary><c>+OK</c>.</summary>
    SimpleString,

    /// <summary><c>:1</c>.</summary>
    Integer,

    /// <summary><c>$5 hello</c>.</summary>
    BulkString,

    /// <summary><c>$-1</c>: no value (a missing key, a SET NX that did not set).</summary>
    Nil,
}
