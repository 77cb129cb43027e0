namespace RtcOnAws.MediaNode.Engine.Protocol;

/// <summary>
/// A request the node refuses; the message becomes the <c>error-reason</c> of a <c>result: error</c> reply.
/// Thrown only inside command handling and always caught by <see cref="NgCommandDispatcher"/>.
/// </summary>
public sealed class NgRequestException(string reason) : Exception(reason);
