using RtcOnAws.MediaNode.Engine.Bencode;

namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>The standard reply dictionaries.</summary>
public static class NgReplies
{
    /// <summary><c>{ "result": "error", "error-reason": reason }</c>, the only keys rtpengine allows in an error.</summary>
    public static BencodeValue Error(string reason) =>
        new BencodeDictionaryBuilder().Add("result", "error").Add("error-reason", reason).Build();

    /// <summary>A builder already holding <c>"result": "ok"</c>.</summary>
    public static BencodeDictionaryBuilder Ok() => new BencodeDictionaryBuilder().Add("result", "ok");
}
