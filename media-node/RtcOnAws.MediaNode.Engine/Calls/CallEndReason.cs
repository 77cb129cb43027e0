namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>Why a call left the registry.</summary>
public enum CallEndReason
{
    /// <summary>An ng <c>delete</c> (BYE, CANCEL, failure).</summary>
    Deleted,

    /// <summary>No media and no signalling for longer than the media timeout.</summary>
    MediaTimeout,

    /// <summary>Deleted through the API, e.g. the HA standby mirroring a delete on the active node.</summary>
    Programmatic,

    /// <summary>The node is shutting down.</summary>
    Shutdown,
}
