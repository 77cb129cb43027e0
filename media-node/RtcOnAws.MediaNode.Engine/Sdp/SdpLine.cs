namespace RtcOnAws.MediaNode.Engine.Sdp;

/// <summary>One SDP line and the line ending it had ("\r\n", "\n" or "" for a last line without one), kept so an
/// unchanged line is written back byte for byte.</summary>
/// <param name="Text">The line without its ending.</param>
/// <param name="Ending">The exact ending.</param>
public readonly record struct SdpLine(string Text, string Ending)
{
    /// <summary>The line type letter ('v', 'o', 'c', 'm', 'a', ...) or '\0' for an empty line.</summary>
    public char Type => Text.Length >= 2 && Text[1] == '=' ? Text[0] : '\0';

    /// <summary>True for an attribute line <c>a=name</c> or <c>a=name:value</c>.</summary>
    public bool IsAttribute(string name) =>
        Type == 'a'
        && Text.AsSpan(2).StartsWith(name, StringComparison.Ordinal)
        && (Text.Length == 2 + name.Length || Text[2 + name.Length] == ':');
}
