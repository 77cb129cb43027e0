namespace RtcOnAws.MediaNode.Engine.Bencode;

/// <summary>The four bencode value types (JSON messages are mapped onto the same model).</summary>
public enum BencodeKind : byte
{
    /// <summary>A byte string (not necessarily UTF-8).</summary>
    String,

    /// <summary>A signed 64-bit integer.</summary>
    Integer,

    /// <summary>An ordered list of values.</summary>
    List,

    /// <summary>A dictionary with byte-string keys, kept in arrival order.</summary>
    Dictionary,
}
