using RtcOnAws.MediaNode.Engine.Bencode;
using RtcOnAws.MediaNode.Engine.Calls;
using RtcOnAws.MediaNode.Engine.Protocol;

namespace RtcOnAws.MediaNode.Engine.Commands;

/// <summary><c>list</c>: replies with <c>calls</c>, up to <c>limit</c> (default 32) call ids.</summary>
public sealed class ListCommand(CallRegistry registry) : INgCommand
{
    /// <summary>The default limit, as in rtpengine (larger lists may not fit in a UDP reply).</summary>
    public const int DefaultLimit = 32;

    /// <inheritdoc />
    public string Name => "list";

    /// <inheritdoc />
    public BencodeValue Execute(NgRequest request)
    {
        var limit = request.OptionalInteger("limit") ?? DefaultLimit;
        if (limit is <= 0 or > 100_000)
        {
            throw new NgRequestException($"limit must be between 1 and 100000, got {limit}");
        }

        var calls = registry.ListCallIds((int)limit).Select(BencodeValue.FromString).ToArray();
        return NgReplies.Ok().Add("calls", calls).Build();
    }
}
