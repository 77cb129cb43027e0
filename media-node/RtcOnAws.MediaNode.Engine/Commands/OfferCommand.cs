using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary><c>offer</c>: requires <c>call-id</c>, <c>from-tag</c>, <c>sdp</c>; replies with the rewritten <c>sdp</c>.</summary>
public sealed class OfferCommand(CallRegistry registry, OfferAnswerRequestReader reader) : INgCommand
{
    /// <inheritdoc />
    public string Name => "offer";

    /// <inheritdoc />
    public BencodeValue Execute(NgRequest request)
    {
        var sdp = registry.Offer(reader.Read(request, isAnswer: false));
        return NgReplies.Ok().Add("sdp", BencodeValue.FromBytes(System.Text.Encoding.Latin1.GetBytes(sdp))).Build();
    }
}
