using System.Threading.Channels;

namespace RtcOnAws.MediaNode.HighAvailability;

/// <summary>
/// Wakes a background loop: any number of <see cref="Set"/> calls before the loop looks collapse into one pass, and
/// the loop also wakes on a periodic tick so work that failed (Redis away) is retried without a new signal.
/// </summary>
internal sealed class WakeSignal(TimeProvider time)
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for one more pass of the loop.</summary>
    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Returns after <see cref="Set"/> or after <paramref name="tick"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan tick, CancellationToken cancellationToken)
    {
        using var tickElapsed = new CancellationTokenSource(tick, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, tickElapsed.Token);
        try
        {
            await _channel.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the periodic tick
        }
    }
}
