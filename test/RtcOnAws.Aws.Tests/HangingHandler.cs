namespace RtcOnAws.Aws.Tests;

/// <summary>
/// A transport whose requests never get an answer: each one signals <see cref="RequestSent"/> and then waits for its
/// cancellation, so a test can act on the clock or the caller's token while an attempt is known to be in flight.
/// </summary>
internal sealed class HangingHandler : HttpMessageHandler
{
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task RequestSent => _sent.Task;

    public int Requests { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        _sent.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable: an infinite wait only ends by cancellation");
    }
}
