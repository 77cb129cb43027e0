using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary><c>answer</c>: like <c>offer</c> plus a required <c>to-tag</c>; replies with the rewritten <c>sdp</c>.</summary>
public sealed class AnswerCommand(CallRegistry registry, OfferAnswerRequestReader reader) : INgCommand
{
    /// <inheritdoc />
    public string Name => "answer";

    /// <inheritdoc />
    public BencodeValue Execute(NgRequest request)
    {
        var sdp = registry.Answer(reader.Read(request, isAnswer: true));
        return NgReplies.Ok().Add("sdp", BencodeValue.FromBytes(System.Text.Encoding.Latin1.GetBytes(sdp))).Build();
    }
}
