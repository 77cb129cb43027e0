namespace RtcOnAws.MediaNode.Engine.Bencode;

/// <summary>
/// Upper bounds the parser enforces so that a hostile datagram can neither exhaust the stack nor memory.
/// </summary>
public sealed record BencodeLimits
{
    /// <summary>The defaults for ng control messages: deep enough for every rtpengine request shape.</summary>
    public static BencodeLimits Default { get; } = new();

    /// <summary>Maximum nesting of lists and dictionaries. Default 16.</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Maximum length of one byte string. Default 65,535 (an ng datagram cannot be larger).</summary>
    public int MaxStringLength { get; init; } = 65_535;

    /// <summary>Maximum number of values in the whole document. Default 4,096.</summary>
    public int MaxValues { get; init; } = 4_096;
}
