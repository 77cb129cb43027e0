using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RtcOnAws.MediaNode.Engine.Calls;

/// <summary>
/// Ends calls that have been silent (no RTP/RTCP received and no signalling) for longer than the media timeout
/// (rtpengine <c>--timeout</c>), so calls whose BYE was lost do not hold ports forever.
/// </summary>
public sealed class MediaTimeoutSweeper
{
    private readonly CallRegistry _registry;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Sweeps <paramref name="registry"/> with <paramref name="timeout"/>, every <see cref="Interval"/> of <paramref name="time"/> (default: the system clock).</summary>
    public MediaTimeoutSweeper(CallRegistry registry, TimeSpan timeout, ILogger<MediaTimeoutSweeper>? logger = null, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _registry = registry;
        _timeout = timeout;
        _logger = logger ?? NullLogger<MediaTimeoutSweeper>.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How often the registry is checked: a tenth of the timeout, between 100 ms and 1 s.</summary>
    public TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Clamp(_timeout.TotalMilliseconds / 10, 100, 1000));

    /// <summary>Sweeps until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var ended = _registry.EndTimedOutCalls(_timeout);
                if (ended > 0)
                {
                    _logger.LogInformation("Media timeout ended {Count} silent calls", ended);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }
}
