namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>A <see cref="CallSnapshot"/> could not be restored (bad content or a port that cannot be bound).</summary>
public sealed class CallRestoreException(string message) : Exception(message);
