namespace RtcOnAws.Lambda.Runtime;

/// <summary>
/// Handles one event and returns the JSON response document. The token is cancelled shortly before the
/// invocation's deadline so that a late handler still gets its error reported instead of being killed silently.
/// </summary>
public delegate Task<ReadOnlyMemory<byte>> LambdaHandler(LambdaInvocation invocation, CancellationToken cancellationToken);
