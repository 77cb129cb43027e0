namespace RtcOnAws.Lambda.Runtime;

/// <summary>One event handed out by <c>GET /runtime/invocation/next</c>, with the headers that describe it.</summary>
/// <param name="RequestId">Value of <c>Lambda-Runtime-Aws-Request-Id</c>; names the invocation in the response/error path.</param>
/// <param name="Deadline">From <c>Lambda-Runtime-Deadline-Ms</c>: when Lambda kills the invocation.</param>
/// <param name="InvokedFunctionArn">Value of <c>Lambda-Runtime-Invoked-Function-Arn</c>, if sent.</param>
/// <param name="TraceId">Value of <c>Lambda-Runtime-Trace-Id</c> (X-Ray header), if sent.</param>
/// <param name="Payload">The event document, untouched.</param>
public sealed record LambdaInvocation(
    string RequestId,
    DateTimeOffset Deadline,
    string? InvokedFunctionArn,
    string? TraceId,
    ReadOnlyMemory<byte> Payload);
