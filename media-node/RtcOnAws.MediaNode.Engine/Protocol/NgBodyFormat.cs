namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>How the dictionary of an ng message is encoded; the reply uses the format of the request.</summary>
public enum NgBodyFormat
{
    /// <summary>A bencode dictionary (the body starts with 'd'), what Kamailio and rtpengine-ng-client send.</summary>
    Bencode,

    /// <summary>A JSON object (the body starts with '{').</summary>
    Json,
}
