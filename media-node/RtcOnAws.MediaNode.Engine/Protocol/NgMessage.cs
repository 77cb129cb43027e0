using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>
/// One parsed ng request: the cookie that pairs it with its reply and the request dictionary. Both reference the
/// receive buffer, which the server owns until the reply is sent.
/// </summary>
/// <param name="Cookie">The bytes before the first space.</param>
/// <param name="Format">The body encoding, reused for the reply.</param>
/// <param name="Dictionary">The request dictionary; null when <see cref="Error"/> is set.</param>
/// <param name="Error">Why the body could not be parsed; null when it parsed.</param>
public sealed record NgMessage(ReadOnlyMemory<byte> Cookie, NgBodyFormat Format, BencodeValue? Dictionary, string? Error);
