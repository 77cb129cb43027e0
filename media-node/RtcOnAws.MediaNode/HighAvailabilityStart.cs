using Microsoft.Extensions.Logging;

namespace RtcOnAws.MediaNode;

/// <summary>What only a starting daemon has (validation has neither): logging and, with <c>--ha-takeover aws</c>, EC2.</summary>
/// <param name="Loggers">Logging.</param>
/// <param name="Aws">With <c>--ha-takeover aws</c>: EC2 and the clock of the remap polling.</param>
public sealed record HighAvailabilityStart(ILoggerFactory Loggers, AwsTakeoverContext? Aws);
