using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>One ng command (<c>ping</c>, <c>offer</c>, ...).</summary>
public interface INgCommand
{
    /// <summary>The command name as sent in the <c>command</c> key.</summary>
    string Name { get; }

    /// <summary>
    /// Executes the request and returns the reply dictionary. Refusals throw <see cref="NgRequestException"/>,
    /// which the dispatcher turns into <c>result: error</c>.
    /// </summary>
    BencodeValue Execute(NgRequest request);
}
