using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Protocol;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary><c>ping</c> → <c>{ "result": "pong" }</c>; Kamailio uses it to decide whether the node is usable.</summary>
public sealed class PingCommand : INgCommand
{
    private static readonly BencodeValue Pong = new BencodeDictionaryBuilder().Add("result", "pong").Build();

    /// <inheritdoc />
    public string Name => "ping";

    /// <inheritdoc />
    public BencodeValue Execute(NgRequest request) => Pong;
}
