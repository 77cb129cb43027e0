using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary><c>query</c>: requires <c>call-id</c>; replies with the call's tags, streams and totals.</summary>
public sealed class QueryCommand(CallRegistry registry) : INgCommand
{
    /// <inheritdoc />
    public string Name => "query";

    /// <inheritdoc />
    public BencodeValue Execute(NgRequest request)
    {
        var callId = request.RequireString("call-id");
        return registry.Inspect(callId, call => CallStatisticsFormatter.AddTo(NgReplies.Ok(), call).Build())
            ?? throw new NgRequestException($"unknown call-id '{callId}'");
    }
}
