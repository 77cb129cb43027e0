using RtcOnAws.MediaNode.HighAvailability.Takeover;

namespace RtcOnAws.MediaNode.HighAvailability.Tests.Infrastructure;

/// <summary>
/// An address takeover whose acquisition completes only when the test says so, standing for EC2's seconds-long remap:
/// the node is active while it is still waiting for its address.
/// </summary>
public sealed class HeldAddressTakeover : IAddressTakeover
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public string Description => "held by the test";

    /// <summary>True once the node has begun taking the address over.</summary>
    public bool AcquisitionStarted => _started.Task.IsCompleted;

    /// <summary>Lets the pending acquisition complete (the address is confirmed on this node).</summary>
    public void Complete() => _released.TrySetResult();

    /// <inheritdoc />
    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task AcquireAsync(CancellationToken cancellationToken)
    {
        _started.TrySetResult();
        return _released.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
