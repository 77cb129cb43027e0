using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary>
/// <c>delete</c>: requires <c>call-id</c> and <c>from-tag</c> (<c>to-tag</c>, <c>via-branch</c> optional); ends the
/// call, frees its ports, and replies with its final statistics unless the <c>fast</c> flag is set.
/// </summary>
public sealed class DeleteCommand(CallRegistry registry) : INgCommand
{
    /// <inheritdoc />
    public string Name => "delete";

    /// <inheritdoc />
    public BencodeValue Execute(NgRequest request)
    {
        var callId = request.RequireString("call-id");
        var fromTag = request.RequireString("from-tag");
        var fast = request.StringList("flags").Any(flag => NgRequest.Normalize(flag) == "fast");
        return registry.Delete(
            callId,
            fromTag,
            request.OptionalString("to-tag"),
            call => fast ? NgReplies.Ok().Build() : CallStatisticsFormatter.AddTo(NgReplies.Ok(), call).Build());
    }
}
